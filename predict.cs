#:project lib/NirNet.csproj
// Predicts, with a model saved by TrainedModel.Save or a committee saved by Committee.Save (chapter 8), the property it was
// trained for from each spectrum of a CSV file, and writes the predictions as CSV to standard output: a header line (the id
// column's name, then the property and its unit, such as "sample,fat (%)"), then one line per sample. A committee predicts
// the mean of its members; with --spread, a third column gives the members' spread (the standard deviation of their
// predictions, "spread of fat (%)"). Messages go to standard error; the exit code is 0 on success, 1 when the model or the
// spectra cannot be used (the message names the file, field or column), 2 for a wrong call.
// Run from the repository root:
//   dotnet run predict.cs -- artifacts/models/tecator-fat data/tecator.csv > predictions.csv
//   dotnet run predict.cs -- --spread artifacts/models/tecator-fat-committee data/tecator.csv > predictions.csv
// The spectra file: comma-separated, '.' as the decimal point, one row per sample, one column per wavelength headed by the
// wavelength (exactly the model's axis, in its order), and the sample ids in the first column; other columns are ignored.
// For other separators or decimal commas, call TrainedModel.PredictCsv or Committee.PredictCsv from your own program.
using NirNet;
using NirNet.Models;

bool spread = args.Contains("--spread");
string[] paths = args.Where(a => a != "--spread").ToArray();
if (paths.Length != 2 || paths.Any(a => a.StartsWith("--", StringComparison.Ordinal)))
{
    Console.Error.WriteLine("usage: dotnet run predict.cs -- [--spread] MODEL-FOLDER SPECTRA.csv > predictions.csv");
    return 2;
}
try
{
    var model = Committee.Load(paths[0]);
    if (spread && model.Members.Count < 2)
    {
        Console.Error.WriteLine($"{paths[0]}: --spread needs a committee of at least two networks, but this model has {model.Members.Count}: it has no spread.");
        return 1;
    }
    Console.Out.Write(model.PredictCsv(paths[1]).ToCsv(spread));
    return 0;
}
catch (NirNetException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
