using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> as the client holding that key. Refusals are problems that
/// say nothing but 401 or 403: not which platforms exist, not which part of the key was wrong.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ClientRegistry clients, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    // One principal per client, shared by all its requests (nothing mutates a principal here: claims are not
    // transformed), rather than four objects per API request.
    private static readonly ConditionalWeakTable<ApiClient, ClaimsPrincipal> Principals = new();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (clients.Identify(header.AsSpan("Bearer ".Length).Trim()) is not { } client)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown key"));
        }

        var principal = Principals.GetValue(client, c => Principal(c, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    /// <summary>The principal of a client, with its key's digest; the status page's cookie carries the same one.</summary>
    public static ClaimsPrincipal Principal(ApiClient client, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, client.Name), new Claim(ClientRegistry.KeyClaim, client.KeySha256)], scheme));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized" } });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Forbidden" } });
    }
}
