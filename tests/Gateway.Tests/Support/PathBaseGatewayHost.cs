namespace Gateway.Tests.Support;

/// <summary>
/// The gateway mounted under <see cref="PathBase"/> as well as at the root, as a host or reverse proxy that serves it
/// under a prefix does: links and <c>Location</c>s it answers must carry the prefix it was reached by.
/// </summary>
public sealed class PathBaseGatewayHost : GatewayHost
{
    public const string PathBase = "/edge";

    protected override void Configure(WebApplicationBuilder builder) => builder.Services.AddTransient<IStartupFilter, PathBaseFilter>();

    private sealed class PathBaseFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UsePathBase(PathBase);
            next(app);
        };
    }
}
