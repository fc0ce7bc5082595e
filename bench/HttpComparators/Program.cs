using Gateway;
using Gateway.Access;
using StackExchange.Redis;

// B1's comparators, on their own Kestrel: the same token answer behind the gateway's own key authentication and scope
// policy, once as a
// constant (the HTTP stack's limit on this machine) and once read from Redis (what Redis-backed token caches do).
// Usage: HttpComparators --urls http://127.0.0.1:5301 --Gateway:ApiKeys:0 <key> --Sample '<token JSON>' --Redis 127.0.0.1:6379
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section);
builder.Services.AddProblemDetails();
builder.Services.AddApiAccess();
var sample = builder.Configuration["Sample"] ?? throw new InvalidOperationException("--Sample <token JSON> is required.");
var redis = await ConnectionMultiplexer.ConnectAsync(builder.Configuration["Redis"] ?? "127.0.0.1:6379");
builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

const string route = "/api/components/{componentAppId}/authorizers/{authorizerAppId}/token";
app.MapGet("/constant" + route, () => Results.Text(sample, "application/json"))
    .RequireAuthorization(ApiScopes.Tokens);
app.MapGet("/redis" + route, async (string componentAppId, string authorizerAppId, IConnectionMultiplexer cache) =>
        await cache.GetDatabase().StringGetAsync($"token:{componentAppId}:{authorizerAppId}") is { HasValue: true } json
            ? Results.Text(json.ToString(), "application/json")
            : Results.NotFound())
    .RequireAuthorization(ApiScopes.Tokens);
app.MapPost("/seed/{componentAppId}/{count:int}", async (string componentAppId, int count, string prefix, IConnectionMultiplexer cache) =>
{
    var batch = Enumerable.Range(0, count)
        .Select(i => new KeyValuePair<RedisKey, RedisValue>($"token:{componentAppId}:{prefix}{i:D8}", sample))
        .ToArray();
    await cache.GetDatabase().StringSetAsync(batch);
    return Results.Ok(batch.Length);
});

await app.RunAsync();
