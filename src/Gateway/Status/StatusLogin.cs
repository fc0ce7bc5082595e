using Gateway.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using static Gateway.Pages.Page;

namespace Gateway.Status;

/// <summary>
/// The status page's sign-in: an operator types a key holding the admin scope once and gets a cookie naming its
/// client. The cookie is checked against the configured clients on every request, so removing the client revokes it.
/// </summary>
internal static class StatusLogin
{
    public const string Policy = "status-page";
    private const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

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
        });
        authentication.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(ApiScopes.Admin)));
    }

    public static void MapStatusLogin(this RouteGroupBuilder group)
    {
        group.MapGet("/login", (string? failed) => LoginForm(failed is not null));
        group.MapPost("/login", async (HttpContext http, ClientRegistry clients) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (clients.Identify(form["key"]) is not { } client || !client.Has(ApiScopes.Admin))
            {
                return LoginForm(failed: true);
            }

            await http.SignInAsync(Scheme, ApiKeyAuthenticationHandler.Principal(client, Scheme));
            return Results.Redirect("/status");
        }).DisableAntiforgery();
    }

    private static IResult LoginForm(bool failed) => Html("Status · sign in", $"""
        {(failed ? "<p class=\"problem\" id=\"login-failed\">That key is not valid here (the status page needs a key with the admin scope).</p>" : "")}
        <form method="post" action="/status/login">
        <p><label>API key <input type="password" name="key" id="key" autocomplete="current-password" size="40"></label></p>
        <p><button type="submit" id="sign-in">Sign in</button></p>
        </form>
        """, failed ? 401 : 200);
}
