using System.Security.Claims;
using System.Text;
using Gateway.Authorization;
using Gateway.Hosting;
using Gateway.TokenApi;
using Grains;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using static Gateway.Pages.Page;

namespace Gateway.Status;

/// <summary>
/// The operators' page: every platform with its ticket age and token time left, every authorizer with status,
/// permission sets, token time left and its last problem. Never a token. Behind a login with an API key.
/// </summary>
internal static class StatusPage
{
    private const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static void AddStatusPage(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.LoginPath = "/status/login";
            o.Cookie.Name = "wechat_status";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        services.AddAuthorization();
    }

    public static void MapStatusPage(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/status").ExcludeFromDescription();
        group.MapGet("/", ShowAsync).RequireAuthorization();
        group.MapGet("/login", (string? failed) => LoginForm(failed is not null));
        group.MapPost("/login", async (HttpContext http, ApiKeys keys) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (!keys.IsKnown(form["key"]))
            {
                return LoginForm(failed: true);
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], Scheme);
            await http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
            return Results.Redirect("/status");
        }).DisableAntiforgery();
    }

    private static IResult LoginForm(bool failed) => Html("Status · sign in", $"""
        {(failed ? "<p class=\"problem\" id=\"login-failed\">That key is not valid.</p>" : "")}
        <form method="post" action="/status/login">
        <p><label>API key <input type="password" name="key" id="key" autocomplete="current-password" size="40"></label></p>
        <p><button type="submit" id="sign-in">Sign in</button></p>
        </form>
        """, failed ? 401 : 200);

    private static async Task<IResult> ShowAsync(ComponentDirectory components, IGrainFactory grains, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var html = new StringBuilder();
        foreach (var component in components.All)
        {
            var grain = grains.GetGrain<IComponentGrain>(component.AppId);
            var status = await grain.GetStatusAsync();
            html.Append($"""
                <h2>Platform <code>{E(component.AppId)}</code></h2>
                <table class="component" data-appid="{E(component.AppId)}">
                <tr><th>Ticket received</th><td class="ticket-age">{Age(status.TicketReceivedAt, now)}</td></tr>
                <tr><th>Component token</th><td class="token-left">{Left(status.TokenExpiresAt, now)}</td></tr>
                <tr><th>Authorizers</th><td>{status.AuthorizerCount}</td></tr>
                <tr><th>Last problem</th><td class="problem">{E(status.LastProblem)}</td></tr>
                </table>
                <p><a href="/wechat/{E(component.AppId)}/authorize" id="authorize-{E(component.AppId)}">Authorize an account</a></p>
                <table class="authorizers"><tr><th>Account</th><th>Status</th><th>Permission sets</th><th>Token</th><th>Last problem</th></tr>
                """);
            foreach (var authorizer in await grain.ListAuthorizersAsync())
            {
                var sets = string.Join(", ", authorizer.PermissionSets.Select(PermissionSets.Name));
                html.Append($"""
                    <tr class="authorizer" data-appid="{E(authorizer.AuthorizerAppId)}">
                    <td>{E(authorizer.Profile?.NickName)}<br><code>{E(authorizer.AuthorizerAppId)}</code></td>
                    <td class="status">{E(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(authorizer.Status.ToString()))}</td>
                    <td>{E(sets)}</td>
                    <td class="token-left">{Left(authorizer.TokenExpiresAt, now)}</td>
                    <td class="problem">{E(authorizer.LastProblem)}</td></tr>
                    """);
            }

            html.Append("</table>");
            AppendDeadLetters(html, component.AppId, await grains.GetGrain<IDeadLetterGrain>(component.AppId).ListAsync(20));
        }

        return Html("Status", html.ToString());
    }

    private static void AppendDeadLetters(StringBuilder html, string componentAppId, DeadLetterList letters)
    {
        var webhook = letters.Total == 0 ? "none" : $"<span class=\"problem\">{letters.Total}</span>";
        var dropped = letters.Dropped > 0 ? $" ({letters.Dropped} dropped over capacity)" : "";
        html.Append($"""
            <h3>Dead letters: <span class="dead-letter-count" data-appid="{E(componentAppId)}">{webhook}</span>{dropped}</h3>
            """);
        if (letters.Total == 0)
        {
            return;
        }

        html.Append($"""
            <p>Messages the webhook never took. <code>POST /api/components/{E(componentAppId)}/dead-letters/redeliver</code> hands them back for delivery.</p>
            <table class="dead-letters"><tr><th>Account</th><th>Message</th><th>Received</th><th>Attempts</th><th>Last problem</th></tr>
            """);
        foreach (var letter in letters.Newest)
        {
            html.Append($"""
                <tr class="dead-letter"><td><code>{E(letter.AuthorizerAppId)}</code></td><td>{E(letter.MsgType)} {E(letter.Event)}</td>
                <td>{letter.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z</td><td>{letter.Attempts}</td><td class="problem">{E(letter.LastProblem)}</td></tr>
                """);
        }

        html.Append("</table>");
    }

    private static string Age(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } value ? $"{Describe(now - value)} ago" : "<span class=\"problem\">none yet</span>";

    private static string Left(DateTimeOffset? expiresAt, DateTimeOffset now) =>
        expiresAt is { } value ? (value > now ? $"{Describe(value - now)} left" : "<span class=\"problem\">expired</span>") : "—";

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min" : $"{Math.Max(0, (int)span.TotalSeconds)} s";
}
