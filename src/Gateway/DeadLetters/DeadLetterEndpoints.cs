using System.Text.Json.Serialization;
using Gateway.Hosting;
using Gateway.TokenApi;
using Grains;

namespace Gateway.DeadLetters;

/// <summary>Messages a platform's webhook never took: listed for operators, and handed back for delivery on request.</summary>
internal static class DeadLetterEndpoints
{
    public const int Listed = 100;

    public static void MapDeadLetters(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/components/{componentAppId}/dead-letters")
            .AddEndpointFilter<ApiKeyFilter>()
            .WithTags("Messages");

        api.MapGet("/", async (string componentAppId, ComponentDirectory components, IGrainFactory grains) =>
                components.TryGet(componentAppId, out _)
                    ? Results.Ok(DeadLetterListResponse.From(await grains.GetGrain<IDeadLetterGrain>(componentAppId).ListAsync(Listed)))
                    : TokenProblems.UnknownComponent(componentAppId))
            .WithSummary("The newest dead letters (messages the webhook never took), with the total held");

        api.MapPost("/redeliver", async (string componentAppId, ComponentDirectory components, IGrainFactory grains) =>
                components.TryGet(componentAppId, out _)
                    ? Results.Ok(new RedeliverResponse(await grains.GetGrain<IDeadLetterGrain>(componentAppId).RedeliverAsync()))
                    : TokenProblems.UnknownComponent(componentAppId))
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
