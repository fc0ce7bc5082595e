using System.ComponentModel.DataAnnotations;
using Gateway.Access;
using Gateway.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MediaTypeHeaderValue = Microsoft.Net.Http.Headers.MediaTypeHeaderValue;
using static Gateway.Pages.Page;

namespace Gateway.Status;

/// <summary><c>Gateway:StatusLogin</c>.</summary>
public sealed class StatusLoginOptions
{
    public const string Section = "Gateway:StatusLogin";

    /// <summary>Sign-in attempts per minute per client address; 0 = no limit.</summary>
    [Range(0, 100_000, ErrorMessage = "Gateway:StatusLogin:PermitsPerMinute must be between 0 (no limit) and 100000.")]
    public int PermitsPerMinute { get; set; } = 10;
}

/// <summary>
/// The status page's sign-in: an operator types a key holding the admin scope once and gets a cookie naming its
/// client and its key's digest. The cookie is checked against the configured clients on every request, so removing the
/// client, or giving it another key, revokes it. The form is open to anyone, so it takes only a small urlencoded form
/// and a few attempts per minute from one address.
/// </summary>
internal static class StatusLogin
{
    public const string Policy = "status-page";
    public const string LoginLimit = "status-login";

    /// <summary>The form holds one key: anything longer is not a sign-in.</summary>
    public const int MaxFormBytes = 4 * 1024;

    private const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string FormContentType = "application/x-www-form-urlencoded";

    public static void AddStatusPage(this AuthenticationBuilder authentication)
    {
        authentication.AddCookie(Scheme, o =>
        {
            o.LoginPath = "/status/login";
            o.AccessDeniedPath = "/status/login";
            o.Cookie.Name = "wechat_status";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnValidatePrincipal = context =>
            {
                if (context.Principal is null || !context.HttpContext.RequestServices.GetRequiredService<ClientRegistry>().StillHolds(context.Principal))
                {
                    context.RejectPrincipal();
                }

                return Task.CompletedTask;
            };
        });
        authentication.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(ApiScopes.Admin)));

        authentication.Services.AddOptions<StatusLoginOptions>().BindConfiguration(StatusLoginOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        authentication.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<StatusLoginOptions>>((o, login) =>
            o.AddPolicy(LoginLimit, new ClientAddressLimit(login.Value.PermitsPerMinute, RefuseAsync)));
    }

    public static void MapStatusLogin(this RouteGroupBuilder group)
    {
        group.MapGet("/login", (string? failed) => LoginForm(failed is not null));
        group.MapPost("/login", SignInAsync).DisableAntiforgery().RequireRateLimiting(LoginLimit);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, ClientRegistry clients)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals(FormContentType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"The sign-in form is sent as {FormContentType}.");
        }

        if (http.Request.ContentLength > MaxFormBytes)
        {
            return TooLarge();
        }

        // A body without a length is cut off at the cap while it is read.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxFormBytes;
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (InvalidDataException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The sign-in form could not be read.");
        }

        if (clients.Identify(form["key"].ToString()) is not { } client || !client.Has(ApiScopes.Admin))
        {
            return LoginForm(failed: true);
        }

        await http.SignInAsync(Scheme, ApiKeyAuthenticationHandler.Principal(client, Scheme));
        return TypedResults.Redirect("/status");
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
        detail: $"The sign-in form is at most {MaxFormBytes} bytes.");

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        TooManyRequests.Refuse(rejected);
        await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: "Too many sign-in attempts from this address (Gateway:StatusLogin:PermitsPerMinute).").ExecuteAsync(rejected.HttpContext);
    }

    private static IResult LoginForm(bool failed) => Html("Status · sign in", $"""
        {(failed ? "<p class=\"problem\" id=\"login-failed\">That key is not valid here (the status page needs a key with the admin scope).</p>" : "")}
        <form method="post" action="/status/login">
        <p><label>API key <input type="password" name="key" id="key" autocomplete="current-password" size="40"></label></p>
        <p><button type="submit" id="sign-in">Sign in</button></p>
        </form>
        """, failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
}
