using Gateway;

// appsettings.json sits next to the binary, wherever the process is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.Run();

public partial class Program;
