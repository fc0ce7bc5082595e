using Grains.Releases;
using Microsoft.Extensions.DependencyInjection;
using WeChat.Api;

namespace Grains.Tests.Support;

/// <summary>
/// The token grains with WeChat's code management scripted at the release grain's boundary, and a webhook that
/// refuses every connection, so each stage change stays in the account's outbox; with the steps that bring an
/// authorized mini program (odd sandbox accounts are mini programs) to a stage.
/// </summary>
public abstract class ScriptedReleaseCluster : TokenCluster
{
    private readonly int _refusingPort = ReservedPorts.Take();

    /// <param name="keyedByAccount">The script keeps each mini program by its account rather than by its token, so it outlives token refreshes.</param>
    protected ScriptedReleaseCluster(bool keyedByAccount = false) =>
        CodeManagement = new ScriptedCodeManagement(Time, keyedByAccount ? token => WeChat.Tokens.Find(token)?.AuthorizerAppId : null);

    public ScriptedCodeManagement CodeManagement { get; }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("WeChat:Components:0:WebhookUrl", $"http://127.0.0.1:{_refusingPort}/webhook"),
        new("WeChat:Components:0:WebhookSecret", "whsec_Z3JhaW4tdGVzdHMtd2ViaG9vay1zZWNyZXQ="),
    ];

    public static ReleaseCommit Commit(string campaign) => new(campaign, 12, """{"extAppid":"x"}""", "1.4.0", "weekly");

    public IMiniProgramReleaseGrain Release(string account) =>
        Grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(Accounts.ComponentAppId, account));

    /// <summary>An authorized mini program, its grain and its scripted WeChat.</summary>
    public async Task<(IMiniProgramReleaseGrain Grain, ScriptedCodeManagement.MiniProgram WeChat)> MiniProgramAsync(int n)
    {
        var account = Accounts.Account(n);
        await StartComponentAsync();
        await AuthorizeAsync(account);
        return (Release(account), CodeManagement.Of((await Authorizer(account).GetTokenAsync()).Value));
    }

    /// <summary>A mini program committed and submitted for audit by <paramref name="campaign"/>.</summary>
    public async Task<(IMiniProgramReleaseGrain Grain, ScriptedCodeManagement.MiniProgram WeChat)> SubmittedAsync(int n, string campaign)
    {
        var (grain, wechat) = await MiniProgramAsync(n);
        await grain.CommitAsync(Commit(campaign));
        Assert.Equal(ReleaseStepStatus.Done, (await grain.SubmitAuditAsync(campaign, null)).Status);
        return (grain, wechat);
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ICodeManagementApi>(CodeManagement);
}
