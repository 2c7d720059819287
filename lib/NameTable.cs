namespace NirNet;

/// <summary>
/// A fixed vocabulary of names and what each stands for (activations, losses, optimisers). One table serves the check of
/// a name, the list of valid names in the error and the lookup, so a name cannot be accepted without its implementation.
/// Names are matched without regard to case or surrounding spaces.
/// </summary>
/// <param name="parameter">The parameter an unknown name is reported against, for example <c>Loss</c>.</param>
/// <param name="kind">What the names are, for the error message, for example <c>loss</c>.</param>
/// <param name="entries">Each name (lower case) and what it stands for, in the order the error lists them.</param>
internal sealed class NameTable<T>(string parameter, string kind, params (string Name, T Value)[] entries)
{
    readonly Dictionary<string, T> values = entries.ToDictionary(e => e.Name, e => e.Value);

    /// <summary>The name in lower case; an unknown name is an <see cref="InvalidSettingException"/> listing the valid ones.</summary>
    public string Validate(string? name)
    {
        string key = (name ?? "").Trim().ToLowerInvariant();
        return values.ContainsKey(key)
            ? key
            : throw new InvalidSettingException(parameter, $"unknown {kind} '{name}'. Valid names: {string.Join(", ", entries.Select(e => e.Name))}.");
    }

    /// <summary>Every name and what it stands for, in the table's order.</summary>
    public IEnumerable<(string Name, T Value)> Entries => entries;

    /// <summary>What <paramref name="name"/> stands for.</summary>
    public T this[string? name] => values[Validate(name)];
}
