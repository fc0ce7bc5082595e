using Sandbox;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddWeChatSandbox();

var app = builder.Build();
app.MapGet("/", () => Results.Redirect("/sandbox")).ExcludeFromDescription();
app.MapWeChatSandbox();
app.Run();
