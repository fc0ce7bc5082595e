using Microsoft.Extensions.Options;
using WeChat.Crypto;

namespace WeChat.Options;

/// <summary>Stops start-up with one clear message naming each bad key.</summary>
public sealed class WeChatOptionsValidator : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions options)
    {
        var failures = new List<string>();
        RequireAbsoluteUrl(failures, "ApiBaseUrl", options.ApiBaseUrl);
        RequireAbsoluteUrl(failures, "PortalBaseUrl", options.PortalBaseUrl);
        RequireAbsoluteUrl(failures, "MobilePortalBaseUrl", options.MobilePortalBaseUrl);
        if (options.PublicBaseUrl is not null)
        {
            RequireAbsoluteUrl(failures, "PublicBaseUrl", options.PublicBaseUrl);
        }

        for (var i = 0; i < options.Components.Count; i++)
        {
            ValidateComponent(failures, $"Components:{i}", options.Components[i]);
        }

        var duplicate = options.Components.GroupBy(c => c.AppId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            failures.Add($"WeChat:Components lists the AppId '{duplicate.Key}' more than once.");
        }

        for (var i = 0; i < options.VerificationFiles.Count; i++)
        {
            var file = options.VerificationFiles[i];
            if (string.IsNullOrWhiteSpace(file.Name) || file.Name.Contains('/') || file.Name.Contains('\\'))
            {
                failures.Add($"WeChat:VerificationFiles:{i}:Name must be a plain file name.");
            }
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("WeChat:RequestTimeout must be positive.");
        }

        if (options.TransientRetries is < 0 or > 10)
        {
            failures.Add("WeChat:TransientRetries must be between 0 and 10.");
        }

        if (options.MaxConnections is < 1 or > 1024)
        {
            failures.Add("WeChat:MaxConnections must be between 1 and 1024.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateComponent(List<string> failures, string path, ComponentOptions component)
    {
        if (string.IsNullOrWhiteSpace(component.AppId))
        {
            failures.Add($"WeChat:{path}:AppId is required.");
        }

        if (string.IsNullOrWhiteSpace(component.AppSecret))
        {
            failures.Add($"WeChat:{path}:AppSecret is required.");
        }

        if (string.IsNullOrWhiteSpace(component.Token))
        {
            failures.Add($"WeChat:{path}:Token is required.");
        }

        if (!EncodingAesKey.IsValid(component.EncodingAESKey))
        {
            failures.Add($"WeChat:{path}:EncodingAESKey must be exactly 43 characters from [A-Za-z0-9].");
        }

        if (component.WebhookUrl is not null)
        {
            RequireAbsoluteUrl(failures, $"{path}:WebhookUrl", component.WebhookUrl);
            if (string.IsNullOrEmpty(component.WebhookSecret))
            {
                failures.Add($"WeChat:{path}:WebhookSecret is required when WebhookUrl is set.");
            }
        }

        for (var i = 0; i < component.WebhookSecrets.Count; i++)
        {
            if (string.IsNullOrEmpty(component.WebhookSecrets[i]))
            {
                failures.Add($"WeChat:{path}:WebhookSecrets:{i} is empty.");
            }
        }
    }

    private static void RequireAbsoluteUrl(List<string> failures, string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"WeChat:{key} must be an absolute http(s) URL.");
        }
    }
}
