namespace Gateway.WeChatProxy;

/// <summary>
/// The WeChat APIs neither proxy carries, because WeChat's answer hands out a credential: a token, a ticket, an
/// authorization or login code, a refresh token (or, for <c>api_start_push_ticket</c>, needs the platform's secret).
/// The platform's own routes serve what a business service needs of them. Reasons, and the APIs deliberately left
/// out (fast registration, QR-code tickets), in docs/wechat-protocol.md §3.17.
/// </summary>
internal static class CredentialApis
{
    /// <summary>Each entry refuses the API and everything below it (<c>sns/oauth2</c> is the whole family).</summary>
    private static readonly string[][] Refused =
    [
        .. new[]
        {
            "cgi-bin/component/api_component_token",
            "cgi-bin/component/api_create_preauthcode",
            "cgi-bin/component/api_query_auth",
            "cgi-bin/component/api_authorizer_token",
            "cgi-bin/component/api_get_authorizer_info",
            "cgi-bin/component/api_get_authorizer_list",
            "cgi-bin/component/api_start_push_ticket",
            "cgi-bin/token",
            "cgi-bin/stable_token",
            "cgi-bin/ticket/getticket",
            "cgi-bin/account/fastregister",
            "sns/oauth2",
            "sns/component",
            "sns/jscode2session",
        }.Select(api => api.Split('/')),
    ];

    /// <summary>
    /// The refused API whose segments appear, in order and whole, anywhere in <paramref name="segments"/> (lower-case,
    /// as <see cref="ProxyPath.Normalize"/> gives them), or null. Anywhere, not only at the start: what a server in
    /// front of WeChat might strip is not ours to guess.
    /// </summary>
    public static string? Find(IReadOnlyList<string> segments)
    {
        foreach (var api in Refused)
        {
            for (var start = 0; start + api.Length <= segments.Count; start++)
            {
                if (api.Select((segment, i) => segments[start + i] == segment).All(same => same))
                {
                    return string.Join('/', api);
                }
            }
        }

        return null;
    }
}
