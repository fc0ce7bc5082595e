using Sandbox;

// Standalone: serves on port 5100 and pushes to a gateway on port 5000 unless configured otherwise
// (Sandbox:Components, Sandbox:Accounts, Urls; see README).
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://localhost:5100");
builder.Services.AddWeChatSandbox(options =>
{
    if (options.Components.Count == 0)
    {
        options.Components.Add(DemoPlatform.Component(builder.Configuration["Sandbox:GatewayBaseUrl"] ?? "http://localhost:5000"));
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
