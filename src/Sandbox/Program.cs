using Sandbox;

// Standalone: serves on port 5100 and pushes to a gateway on port 5000 unless configured otherwise
// (Sandbox:Components, Sandbox:Accounts, Urls; see README and docs/sandbox.md).
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://localhost:5100");
var demo = false;
builder.Services.AddWeChatSandbox(options =>
{
    if (options.Components.Count == 0)
    {
        var component = DemoPlatform.Component(builder.Configuration["Sandbox:GatewayBaseUrl"] ?? "http://localhost:5000");
        component.AllowedClientIps.AddRange(DemoPlatform.Loopback);
        options.Components.Add(component);
        demo = true;
    }

    if (options.Accounts.Count == 0)
    {
        options.Accounts.AddRange(DemoPlatform.Accounts);
    }
});

var app = builder.Build();
app.MapGet("/", () => Results.Redirect("/sandbox")).ExcludeFromDescription();
app.MapWeChatSandbox();
await app.StartAsync();
if (demo)
{
    app.Logger.LogWarning("Sandbox demo platform {AppId}: its IP whitelist allows loopback ({Loopback}) only", DemoPlatform.AppId, string.Join(", ", DemoPlatform.Loopback));
}

await app.WaitForShutdownAsync();
