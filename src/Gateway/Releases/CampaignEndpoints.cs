using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Access;
using Gateway.TokenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Releases;

/// <summary>
/// Release campaigns (scope <c>release</c>): start one, read them and their accounts (paged like the authorizer list),
/// and steer them. Reads go to the platform's campaign directory, commands to the campaign's grain.
/// </summary>
internal static partial class CampaignEndpoints
{
    public static void MapCampaigns(this RouteGroupBuilder api)
    {
        var releases = api.MapGroup("/releases").WithTags("Releases").RequireAuthorization(ApiScopes.Release);

        releases.MapPost("", StartAsync)
            .WithSummary("Starts a campaign: commit, audit and release a template across the platform's mini programs; with Idempotency-Key, once per key");

        releases.MapGet("", ListAsync).WithSummary("The platform's campaigns, oldest first, paged");

        releases.MapGet("/{campaignId}", async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> (string componentAppId, string campaignId, IGrainFactory grains) =>
                Found(IsId(campaignId) ? await grains.GetGrain<ICampaignDirectoryGrain>(componentAppId).GetAsync(campaignId) : null, campaignId))
            .WithSummary("A campaign with its accounts counted per stage");

        releases.MapGet("/{campaignId}/accounts", ListAccountsAsync).WithSummary("A campaign's accounts with stage, errcode and reason, paged, ?stage=");

        MapCommand(releases, "pause", c => c.PauseAsync(), "Pauses the campaign: no step is taken until it resumes");
        MapCommand(releases, "resume", c => c.ResumeAsync(), "Resumes the campaign, asking WeChat for the audit quota again");
        MapCommand(releases, "cancel", c => c.CancelAsync(), "Cancels the campaign for good");
        MapCommand(releases, "retry", c => c.RetryAsync(), "Takes the failed accounts back to the step they failed at");
        MapCommand(releases, "release", c => c.ReleaseAsync(), "Releases the approved accounts now (release: manual)");
        MapCommand(releases, "rollback", c => c.RollbackAsync(), "Reverts the code release of every account this campaign released");
    }

    /// <summary>
    /// 202 for a new campaign; with an <c>Idempotency-Key</c> the platform started a campaign with before, 200 and that
    /// campaign when the body asks for the same, a 409 problem when it asks for something else. Either way the
    /// <c>Location</c> is the campaign's, under the request's own path base.
    /// </summary>
    private static async Task<Results<Accepted<CampaignResponse>, Ok<CampaignResponse>, ProblemHttpResult>> StartAsync(
        string componentAppId, [FromBody] StartCampaignRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        if (idempotencyKey is not null && !IdempotencyKeys.IsWellFormed(idempotencyKey))
        {
            return PlatformProblems.Coded(StatusCodes.Status400BadRequest, RequestValidation.Problem, "Invalid idempotency key", IdempotencyKeys.Rule);
        }

        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        var start = await Campaign(grains, componentAppId, id).StartAsync(request.ToSpec(), idempotencyKey);
        var location = $"{http.Request.PathBase}/api/components/{componentAppId}/releases/{start.Campaign.Id}";
        switch (start.Outcome)
        {
            case CampaignStartOutcome.Started:
                return TypedResults.Accepted(location, CampaignResponse.From(start.Campaign));
            case CampaignStartOutcome.Repeated:
                http.Response.Headers.Location = location;
                return TypedResults.Ok(CampaignResponse.From(start.Campaign));
            default:
                http.Response.Headers.Location = location;
                return PlatformProblems.Coded(StatusCodes.Status409Conflict, IdempotencyKeys.Reused, "Idempotency key reused",
                    $"The key started campaign {start.Campaign.Id}, which asked for something else; nothing was started.");
        }
    }

    private static void MapCommand(RouteGroupBuilder releases, string name, Func<ICampaignGrain, Task<Campaign?>> command, string summary) =>
        releases.MapPost($"/{{campaignId}}/{name}", async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> (string componentAppId, string campaignId, IGrainFactory grains) =>
                Found(IsId(campaignId) ? await command(Campaign(grains, componentAppId, campaignId)) : null, campaignId))
            .WithSummary(summary);

    private static async Task<Results<Ok<List<CampaignResponse>>, ProblemHttpResult>> ListAsync(
        string componentAppId, string? limit, string? after, HttpContext http, IGrainFactory grains)
    {
        if (ParseLimit(limit) is not { } pageSize)
        {
            return InvalidLimit();
        }

        var page = await grains.GetGrain<ICampaignDirectoryGrain>(componentAppId).ListAsync(after, pageSize);
        Paged(http, page.Total, page.HasMore ? page.Items[^1].Id : null, pageSize, null);
        return TypedResults.Ok(page.Items.Select(CampaignResponse.From).ToList());
    }

    private static async Task<Results<Ok<List<CampaignAccountResponse>>, ProblemHttpResult>> ListAccountsAsync(
        string componentAppId, string campaignId, string? limit, string? after, string? stage, HttpContext http, IGrainFactory grains)
    {
        if (ParseLimit(limit) is not { } pageSize)
        {
            return InvalidLimit();
        }

        ReleaseStage? filter = null;
        if (stage is not null)
        {
            if (ReleaseNames.ParseStage(stage) is not { } parsed)
            {
                return PlatformProblems.Coded(StatusCodes.Status400BadRequest, RequestValidation.Problem, "Invalid stage",
                    $"stage must be one of {string.Join(", ", ReleaseNames.Stages)}.");
            }

            filter = parsed;
        }

        if ((IsId(campaignId) ? await grains.GetGrain<ICampaignDirectoryGrain>(componentAppId).ListAccountsAsync(campaignId, filter, after, pageSize) : null) is not { } page)
        {
            return NotFound(campaignId);
        }

        Paged(http, page.Total, page.HasMore ? page.Items[^1].AuthorizerAppId : null, pageSize, stage);
        return TypedResults.Ok(page.Items.Select(CampaignAccountResponse.From).ToList());
    }

    private static ICampaignGrain Campaign(IGrainFactory grains, string componentAppId, string campaignId) =>
        grains.GetGrain<ICampaignGrain>(CampaignKey.For(componentAppId, campaignId));

    private static Results<Ok<CampaignResponse>, ProblemHttpResult> Found(Campaign? campaign, string campaignId) =>
        campaign is null ? NotFound(campaignId) : TypedResults.Ok(CampaignResponse.From(campaign));

    private static ProblemHttpResult NotFound(string campaignId) =>
        PlatformProblems.Coded(StatusCodes.Status404NotFound, "unknown_campaign", "Unknown campaign", $"No campaign {campaignId} was started for this platform.");

    private static ProblemHttpResult InvalidLimit() => PlatformProblems.Coded(StatusCodes.Status400BadRequest, RequestValidation.Problem, "Invalid limit",
        $"limit must be a whole number from 1 to {ICampaignDirectoryGrain.MaxLimit} (default {ICampaignDirectoryGrain.DefaultLimit}).");

    /// <summary><c>X-Total-Count</c>, and <c>Link: rel="next"</c> while more follow, as the authorizer list pages.</summary>
    private static void Paged(HttpContext http, long total, string? nextAfter, int pageSize, string? stage)
    {
        http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        if (nextAfter is not null)
        {
            var next = QueryString.Create([
                new("after", nextAfter),
                new("limit", pageSize.ToString(CultureInfo.InvariantCulture)),
                .. stage is null ? [] : new KeyValuePair<string, string?>[] { new("stage", stage) },
            ]);
            http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{next}>; rel=\"next\"";
        }
    }

    private static int? ParseLimit(string? limit) =>
        limit is null ? ICampaignDirectoryGrain.DefaultLimit
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= ICampaignDirectoryGrain.MaxLimit ? value
        : null;

    /// <summary>Campaign ids are the hex of a version 7 GUID; anything else names no campaign.</summary>
    private static bool IsId(string campaignId) => CampaignId().IsMatch(campaignId);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex CampaignId();
}
