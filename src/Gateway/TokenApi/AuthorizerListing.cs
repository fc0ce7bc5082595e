using Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.TokenApi;

/// <summary>
/// <c>GET /api/components/{componentAppId}/authorizers</c>: a page of the authorizer index, sorted by appid, with
/// <c>X-Total-Count</c> and a <c>Link: rel="next"</c> while more follow. Never touches an authorizer grain.
/// </summary>
internal static class AuthorizerListing
{
    public static async Task<Results<Ok<List<AuthorizerResponse>>, ProblemHttpResult>> ListAsync(
        string componentAppId, string? limit, string? after, string? status, HttpContext http, IGrainFactory grains)
    {
        if (ParseLimit(limit) is not { } pageSize)
        {
            return PlatformProblems.Coded(StatusCodes.Status400BadRequest, RequestValidation.Problem, "Invalid limit",
                $"limit must be a whole number from 1 to {AuthorizerQuery.MaxLimit} (default {AuthorizerQuery.DefaultLimit}).");
        }

        AuthorizerStatus? filter = null;
        if (status is not null)
        {
            if (AuthorizerStatusNames.Parse(status) is not { } parsed)
            {
                return PlatformProblems.Coded(StatusCodes.Status400BadRequest, RequestValidation.Problem, "Invalid status",
                    $"status must be one of {string.Join(", ", AuthorizerStatusNames.All)}.");
            }

            filter = parsed;
        }

        var page = await grains.GetGrain<IAuthorizerDirectoryGrain>(componentAppId).ListAsync(new AuthorizerQuery(after, pageSize, filter));
        http.Response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (page.HasMore)
        {
            var next = QueryString.Create([
                new("after", page.Items[^1].AuthorizerAppId),
                new("limit", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                .. status is null ? [] : new KeyValuePair<string, string?>[] { new("status", status) },
            ]);
            http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{next}>; rel=\"next\"";
        }

        return TypedResults.Ok(page.Items.Select(AuthorizerResponse.From).ToList());
    }

    private static int? ParseLimit(string? limit)
    {
        if (limit is null)
        {
            return AuthorizerQuery.DefaultLimit;
        }

        return int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value is >= 1 and <= AuthorizerQuery.MaxLimit
                ? value
                : null;
    }
}
