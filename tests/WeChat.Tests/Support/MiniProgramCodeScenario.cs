using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sandbox;
using Sandbox.CodeManagement;
using WeChat.Api;

namespace WeChat.Tests.Support;

/// <summary>
/// A sandbox with the test mini program authorized to the test platform, its component and authorizer tokens at hand,
/// and WeChat's code-management APIs called over real HTTP as a platform calls them.
/// </summary>
internal sealed class MiniProgramCodeScenario : IAsyncDisposable
{
    private MiniProgramCodeScenario(SandboxScenario scenario, string componentToken, string authorizerToken)
    {
        Scenario = scenario;
        ComponentToken = componentToken;
        AuthorizerToken = authorizerToken;
    }

    public SandboxScenario Scenario { get; }

    public string ComponentToken { get; }

    public string AuthorizerToken { get; }

    public SandboxWorld World => Scenario.World;

    public CodeManagementOptions Options => World.Options.CodeManagement;

    /// <summary>Starts the sandbox and authorizes <paramref name="authorizerAppId"/> (the test mini program unless told).</summary>
    public static async Task<MiniProgramCodeScenario> StartAsync(
        Action<SandboxOptions, SandboxComponent>? configure = null, string authorizerAppId = TestComponent.MiniProgram, DateTimeOffset? startAt = null, FakeTimeProvider? clock = null)
    {
        var scenario = await SandboxScenario.StartAsync(configure, startAt, clock);
        var client = scenario.Client();
        var componentToken = await scenario.ComponentTokenAsync(client);
        var authorization = await client.QueryAuthAsync(componentToken, TestComponent.AppId, await scenario.AuthorizeAsync(authorizerAppId));
        return new MiniProgramCodeScenario(scenario, componentToken, authorization.AuthorizationInfo.AuthorizerAccessToken!);
    }

    public Task<JsonElement> GetAsync(string api, string? query = null, string? token = null) =>
        Scenario.Http.GetFromJsonAsync<JsonElement>($"{Scenario.Sandbox.BaseUrl}/{api}?access_token={token ?? AuthorizerToken}{query}");

    public async Task<JsonElement> PostAsync(string api, object body, string? token = null)
    {
        using var response = await Scenario.Http.PostAsJsonAsync($"{Scenario.Sandbox.BaseUrl}/{api}?access_token={token ?? AuthorizerToken}", body);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>wxa/commit of template 1 with an ext_json naming the account, as a platform builds it.</summary>
    public Task<JsonElement> CommitAsync(string userVersion = "1.0.0", long templateId = 1, string? token = null) =>
        PostAsync(CodeApis.Commit, new
        {
            template_id = templateId,
            ext_json = JsonSerializer.Serialize(new { extAppid = TestComponent.MiniProgram, ext = new { shop = TestComponent.MiniProgram } }),
            user_version = userVersion,
            user_desc = $"version {userVersion}",
        }, token);

    public Task<JsonElement> SubmitAsync(string? token = null) =>
        PostAsync(CodeApis.SubmitAudit, new
        {
            item_list = new[] { new { address = "pages/index/index", tag = "工具 效率", first_class = "工具", second_class = "效率", first_id = 8, second_id = 12, title = "首页" } },
            version_desc = "sandbox test",
        }, token);

    public Task<JsonElement> ReleaseAsync() => PostAsync(CodeApis.Release, new { });

    /// <summary>Commits and submits; answers the auditid.</summary>
    public async Task<long> CommitAndSubmitAsync(string userVersion = "1.0.0")
    {
        Assert.Equal(0, Code(await CommitAsync(userVersion)));
        var submitted = await SubmitAsync();
        Assert.Equal(0, Code(submitted));
        return submitted.GetProperty("auditid").GetInt64();
    }

    /// <summary>Moves the sandbox's clock past the review and waits until the platform took the audit event.</summary>
    public async Task<WeChat.Xml.AccountMessage> PassReviewAsync(string expectedEvent, int eventsBefore = 0)
    {
        Scenario.Time.Advance(Options.AuditDuration);
        return await NextAuditEventAsync(expectedEvent, eventsBefore);
    }

    public async Task<WeChat.Xml.AccountMessage> NextAuditEventAsync(string expectedEvent, int eventsBefore)
    {
        var events = await Eventually.Until(AuditEvents, e => e.Count > eventsBefore);
        Assert.Equal(expectedEvent, events[eventsBefore].Event);
        return events[eventsBefore];
    }

    public IReadOnlyList<WeChat.Xml.AccountMessage> AuditEvents() =>
        [.. Scenario.Receiver.Messages.Where(m => m.AppId == TestComponent.MiniProgram && m.Message.Event?.StartsWith("weapp_audit_", StringComparison.Ordinal) == true).Select(m => m.Message)];

    public async Task ControlAsync(string path, object body) => await Scenario.ControlAsync($"components/{TestComponent.AppId}/{path}", body);

    public static int Code(JsonElement answer) => answer.GetProperty("errcode").GetInt32();

    public async ValueTask DisposeAsync() => await Scenario.DisposeAsync();
}
