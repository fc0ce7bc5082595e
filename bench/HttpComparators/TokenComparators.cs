using Gateway.Access;
using StackExchange.Redis;

namespace HttpComparators;

/// <summary>
/// B1's comparators: the gateway's token answer behind its own key authentication and scope policy, once as a constant
/// (the HTTP stack's limit on this machine) and once read from Redis (what Redis-backed token caches do).
/// </summary>
internal static class TokenComparators
{
    private const string Route = "/api/components/{componentAppId}/authorizers/{authorizerAppId}/token";

    public static async Task AddTokenComparatorsAsync(this IServiceCollection services, string redis)
    {
        services.AddProblemDetails();
        services.AddApiAccess();
        services.AddSingleton<IConnectionMultiplexer>(await ConnectionMultiplexer.ConnectAsync(redis));
    }

    public static void MapTokenComparators(this IEndpointRouteBuilder app, string sample)
    {
        app.MapGet("/constant" + Route, () => Results.Text(sample, "application/json"))
            .RequireAuthorization(ApiScopes.Tokens);
        app.MapGet("/redis" + Route, async (string componentAppId, string authorizerAppId, IConnectionMultiplexer cache) =>
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
    }
}
