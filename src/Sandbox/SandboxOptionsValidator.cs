using System.Net;
using Microsoft.Extensions.Options;
using Sandbox.Crypto;

namespace Sandbox;

/// <summary>Refuses at start a sandbox configuration WeChat could not hold, naming the key.</summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var problems = new List<string>();
        foreach (var (component, i) in options.Components.Select((c, i) => (c, i)))
        {
            var key = $"Sandbox:Components:{i}";
            Require(problems, component.AppId.Length > 0 && component.AppSecret.Length > 0 && component.Token.Length > 0, $"{key}: AppId, AppSecret and Token are required.");
            Require(problems, SandboxCrypt.IsValidKey(component.EncodingAESKey), $"{key}:EncodingAESKey must be exactly 43 characters from [A-Za-z0-9].");
            Require(problems, component.AllowedClientIps.TrueForAll(ip => IPAddress.TryParse(ip, out _)), $"{key}:AllowedClientIps must be IP addresses.");
            Require(problems, IsUrl(component.EventUrl) && IsUrl(component.MessageUrl), $"{key}: EventUrl and MessageUrl must be absolute http(s) URLs.");
            Require(problems, component.InitiatingPageDomain is null || Uri.CheckHostName(component.InitiatingPageDomain) != UriHostNameType.Unknown,
                $"{key}:InitiatingPageDomain must be a host name, without scheme or path.");
        }

        foreach (var (account, i) in options.Accounts.Select((a, i) => (a, i)))
        {
            Require(problems, account.AppId.Length > 0 && account.UserName.Length > 0, $"Sandbox:Accounts:{i}: AppId and UserName are required.");
        }

        Require(problems, new[] { options.TicketLifetime, options.ComponentTokenLifetime, options.AuthorizerTokenLifetime, options.JsApiTicketLifetime,
            options.PreAuthCodeLifetime, options.AuthorizationCodeLifetime, options.PushTimeout, options.CustomerServiceWindow, options.ReleaseTestApiDeadline }
            .All(t => t > TimeSpan.Zero), "Sandbox: every lifetime, PushTimeout, CustomerServiceWindow and ReleaseTestApiDeadline must be positive.");
        Require(problems, new[] { options.ComponentTokenGracePeriod, options.AuthorizerTokenGracePeriod, options.TicketGracePeriod, options.RefreshTokenGracePeriod }
            .All(t => t >= TimeSpan.Zero), "Sandbox: grace periods cannot be negative.");
        Require(problems, options.DailyQuotas.Values.All(q => q >= 0), "Sandbox:DailyQuotas cannot be negative.");
        Require(problems, options.PushAttempts is >= 1 and <= 10, "Sandbox:PushAttempts must be 1 to 10.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsUrl(string? url) =>
        url is null || (Uri.TryCreate(url.Replace("$APPID$", "wx", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");

    private static void Require(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
