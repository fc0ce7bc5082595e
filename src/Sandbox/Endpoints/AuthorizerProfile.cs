using System.Text.Json.Nodes;

namespace Sandbox.Endpoints;

/// <summary>The authorizer_info of api_get_authorizer_info (§3.7), shaped by the account's kind, type and status.</summary>
internal static class AuthorizerProfile
{
    public static JsonObject Of(SandboxAccount account)
    {
        var info = new JsonObject
        {
            ["nick_name"] = account.NickName,
            ["head_img"] = $"http://wx.qlogo.cn/mmopen/{account.AppId}/0",
            ["service_type_info"] = new JsonObject { ["id"] = account.EffectiveServiceType },
            ["verify_type_info"] = new JsonObject { ["id"] = account.VerifyType },
            ["user_name"] = account.UserName,
            ["principal_name"] = account.PrincipalName,
            ["alias"] = "",
            ["business_info"] = new JsonObject { ["open_store"] = 0, ["open_scan"] = 0, ["open_pay"] = 0, ["open_card"] = 0, ["open_shake"] = 0 },
            ["qrcode_url"] = $"http://mmbiz.qpic.cn/mmbiz_jpg/{account.AppId}/0",
            ["account_status"] = account.AccountStatus,
        };
        if (account.Kind == SandboxAccountKind.MiniProgram)
        {
            var domain = $"https://{account.AppId}.sandbox.example";
            info["signature"] = $"{account.NickName} (sandbox mini program)";
            info["register_type"] = 0;
            info["basic_config"] = new JsonObject { ["is_phone_configured"] = true, ["is_email_configured"] = true };
            info["MiniProgramInfo"] = new JsonObject
            {
                ["network"] = new JsonObject
                {
                    ["RequestDomain"] = new JsonArray(domain),
                    ["WsRequestDomain"] = new JsonArray($"wss://{account.AppId}.sandbox.example"),
                    ["UploadDomain"] = new JsonArray(domain),
                    ["DownloadDomain"] = new JsonArray(domain),
                    ["BizDomain"] = new JsonArray(),
                    ["UDPDomain"] = new JsonArray(),
                },
                ["categories"] = new JsonArray(new JsonObject { ["first"] = "工具", ["second"] = "效率" }),
                ["visit_status"] = 0,
            };
        }

        return info;
    }
}
