using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace TestSupport;

/// <summary>
/// A test's own small web app on real Kestrel, on a loopback port the system picks as it binds (a port probed first
/// and bound later can be taken by another test in between). The one way tests listen in process.
/// </summary>
public static class LoopbackKestrel
{
    public static WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    /// <summary>Starts the app; answers the address it listens on.</summary>
    public static async Task<string> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        return app.Urls.Single();
    }
}
