#:project lib/NirNet.csproj
// Predicts, with a model saved by TrainedModel.Save (chapter 8), the property it was trained for from each spectrum of a
// CSV file, and writes the predictions as CSV to standard output: a header line (the id column's name, then the property
// and its unit, such as "sample,fat (%)"), then one line per sample. Messages go to standard error; the exit code is 0 on
// success, 1 when the model or the spectra cannot be used (the message names the file, field or column), 2 for a wrong call.
// Run from the repository root:
//   dotnet run predict.cs -- artifacts/models/tecator-fat data/tecator.csv > predictions.csv
// The spectra file: comma-separated, '.' as the decimal point, one row per sample, one column per wavelength headed by the
// wavelength (exactly the model's axis, in its order), and the sample ids in the first column; other columns are ignored.
// For other separators or decimal commas, call TrainedModel.PredictCsv from your own program.
using NirNet;
using NirNet.Models;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run predict.cs -- MODEL-FOLDER SPECTRA.csv > predictions.csv");
    return 2;
}
try
{
    var model = TrainedModel.Load(args[0]);
    Console.Out.Write(model.PredictCsv(args[1]).ToCsv());
    return 0;
}
catch (NirNetException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
