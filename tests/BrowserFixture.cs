using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>One headless Chromium for the tests that draw charts or open the book (Debian's <c>chromium</c>; tests/run, the README's test command, installs it).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    internal Chromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync() => Chromium = await Chromium.StartAsync();

    public async Task DisposeAsync() => await Chromium.DisposeAsync();
}

[CollectionDefinition(nameof(Browser))]
public sealed class Browser : ICollectionFixture<BrowserFixture>;
