using Microsoft.Extensions.Options;
using ServiceDefaults;
using Silo;
using Silo.Database;
using Silo.Reencryption;

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

// `reencrypt`: rewrite every stored secret under the first of Storage:EncryptionKeys and exit (1 when rows are reported).
if (args is ["reencrypt", ..])
{
    builder.AddStateReencryption();
    using var tool = builder.Build();
    return (await tool.Services.GetRequiredService<StateReencryptor>().RunAsync()).ExitCode;
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
