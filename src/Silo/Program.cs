using Microsoft.Extensions.Options;
using ServiceDefaults;
using Silo;
using Silo.Database;

// appsettings.json sits next to the binary, wherever the process is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// `migrate`: apply pending schema migrations and exit.
if (args is ["migrate", ..])
{
    builder.AddClusterDatabase();
    using var tool = builder.Build();
    await tool.Services.GetRequiredService<SchemaMigrator>().ApplyAsync();
    return 0;
}

builder.AddSilo();
var app = builder.Build();
app.MapDefaultEndpoints();

if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ApplySchema)
{
    await app.Services.GetRequiredService<SchemaMigrator>().ApplyAsync();
}

await app.RunAsync();
return 0;
