using Gateway;
using HttpComparators;

// The comparators of the HTTP benchmarks, on their own Kestrel. B1 (with --Sample): the token answer behind the gateway's
// own key authentication and scope policy, as a constant (the HTTP stack's limit) and read from Redis. B4: WeChat's
// message push route doing only what the gateway does before it routes a push, and a webhook answering 200.
// Usage: HttpComparators --urls http://127.0.0.1:5301 [--Gateway:ApiKeys:0 <key> --Sample '<token JSON>' --Redis 127.0.0.1:6379]
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section);
var sample = builder.Configuration["Sample"];
if (sample is not null)
{
    await builder.Services.AddTokenComparatorsAsync(builder.Configuration["Redis"] ?? "127.0.0.1:6379");
}

builder.Services.AddPushComparator();
var app = builder.Build();
if (sample is not null)
{
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapTokenComparators(sample);
}

app.MapPushComparator();
await app.RunAsync();
