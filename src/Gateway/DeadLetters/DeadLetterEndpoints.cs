using System.Text.Json.Serialization;
using Gateway.Access;
using Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.DeadLetters;

/// <summary>Messages a platform's webhook never took: listed for operators, and handed back for delivery on request.</summary>
internal static class DeadLetterEndpoints
{
    public const int Listed = 100;

    public static void MapDeadLetters(this RouteGroupBuilder api)
    {
        var letters = api.MapGroup("/dead-letters").WithTags("Messages").RequireAuthorization(ApiScopes.Admin);

        letters.MapGet("/", async Task<Ok<DeadLetterListResponse>> (string componentAppId, IGrainFactory grains) =>
                TypedResults.Ok(DeadLetterListResponse.From(await grains.GetGrain<IDeadLetterGrain>(componentAppId).ListAsync(Listed))))
            .WithSummary("The newest dead letters (messages the webhook never took), with the total held");

        letters.MapPost("/redeliver", async Task<Ok<RedeliverResponse>> (string componentAppId, IGrainFactory grains) =>
                TypedResults.Ok(new RedeliverResponse(await grains.GetGrain<IDeadLetterGrain>(componentAppId).RedeliverAsync())))
            .WithSummary("Hands every dead letter back to its account's outbox for another round of delivery");
    }
}

public sealed record DeadLetterListResponse(int Total, long Dropped, IReadOnlyList<DeadLetterResponse> Newest)
{
    public static DeadLetterListResponse From(DeadLetterList list) =>
        new(list.Total, list.Dropped, [.. list.Newest.Select(l => new DeadLetterResponse(l.Id, l.AuthorizerAppId, l.MsgType, l.Event, l.ReceivedAt, l.Attempts, l.LastProblem, l.DeadAt))]);
}

/// <summary>A dead letter without its content: the content goes to the webhook once it is redelivered.</summary>
public sealed record DeadLetterResponse(
    string Id, [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId, string MsgType, string? Event, DateTimeOffset ReceivedAt, int Attempts, string? LastProblem, DateTimeOffset DeadAt);

public sealed record RedeliverResponse(int Requeued);
