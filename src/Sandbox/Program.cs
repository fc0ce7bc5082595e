using Sandbox;

// Standalone: serves on port 5100 and pushes to a gateway on port 5000 unless configured otherwise
// (Sandbox:Components, Sandbox:Accounts, Urls; see docs/sandbox.md).
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://localhost:5100");
builder.Services.AddWeChatSandbox(options =>
{
    if (options.Components.Count == 0)
    {
        // The demo platform's gateway runs on this machine: whitelist loopback and its host, which WeChat would not.
        var gateway = builder.Configuration["Sandbox:GatewayBaseUrl"] ?? "http://localhost:5000";
        var component = DemoPlatform.Component(gateway);
        component.AllowedClientIps = ["127.0.0.1", "::1"];
        component.InitiatingPageDomain = new Uri(gateway).Host;
        options.Components.Add(component);
    }

    if (options.Accounts.Count == 0)
    {
        options.Accounts.AddRange(DemoPlatform.Accounts);
    }
});

var app = builder.Build();
app.MapGet("/", () => Results.Redirect("/sandbox")).ExcludeFromDescription();
app.MapWeChatSandbox();
app.Run();
