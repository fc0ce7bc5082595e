using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sandbox;

/// <summary>The sandbox on its own Kestrel listener on loopback, for tests and for the single-node gateway.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Where WeChat's APIs and pages are served, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    public SandboxWorld World => _app.Services.GetRequiredService<SandboxWorld>();

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the sandbox on <paramref name="port"/> (0 picks a free one).</summary>
    public static async Task<SandboxServer> StartAsync(Action<SandboxOptions> configure, TimeProvider? time = null, int port = 0, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        if (logging is not null)
        {
            logging(builder.Logging);
        }

        if (time is not null)
        {
            builder.Services.TryAddSingleton(time);
        }

        builder.Services.AddWeChatSandbox(configure);
        var app = builder.Build();
        app.MapWeChatSandbox();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
