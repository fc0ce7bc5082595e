using System.Globalization;
using Grains.Campaigns;
using Grains.Index;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using Sandbox;
using WeChat.Api;

namespace Grains.Bench.Simulated;

/// <summary>
/// B7's world on one simulated clock: the sandbox with N mini programs whose reviews take hours of that clock, the
/// platform's message URL receiving their audit events, and an in-process cluster whose grain state, reminders,
/// campaign rows and authorizer index live outside the silos (as PostgreSQL holds them), so every silo can be killed
/// and the campaign goes on from what was stored.
/// </summary>
internal sealed class CampaignWorld : IAsyncDisposable
{
    public const string Component = "wxb7sc0de000000001";
    private const string Secret = "b7sim-secret";
    private const string Token = "b7simtoken";
    private static readonly string AesKey = new('D', 43);

    /// <summary>Token lives far beyond the campaign: B3 measures refreshes; here only the campaign's work is counted.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(30);

    private readonly SharedReminderTable _reminders = new();
    private readonly InMemoryCampaignStore _campaigns = new();
    private readonly InMemoryAuthorizerIndex _index = new();
    private readonly InMemoryAuthorizationCodeLedger _codes = new();
    private readonly AuditEventReceiver _receiver;

    private CampaignWorld(FakeTimeProvider time, string[] accounts, SandboxServer sandbox, AuditEventReceiver receiver, int silos)
    {
        Time = time;
        Accounts = accounts;
        Sandbox = sandbox;
        _receiver = receiver;
        Cluster = Build(silos);
    }

    public FakeTimeProvider Time { get; }

    public string[] Accounts { get; }

    public SandboxServer Sandbox { get; }

    public InProcessTestCluster Cluster { get; }

    public SharedGrainRows Rows { get; } = new();

    public ICampaignStore Campaigns => _campaigns;

    /// <summary>Grows while the cluster works: state and reminder writes, audit events delivered.</summary>
    public long Activity => Rows.Writes + _reminders.Writes + _receiver.Delivered;

    public static async Task<CampaignWorld> StartAsync(int accounts, TimeSpan auditDuration, int silos)
    {
        // Monday 08:00 in Beijing, early in a month: the campaign's days start at Beijing midnight, and the monthly
        // audit quota (sized for every account here) does not roll over during the run.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
        var appIds = Enumerable.Range(0, accounts).Select(i => "wxb7sacc" + i.ToString("D10", CultureInfo.InvariantCulture)).ToArray();
        var receiver = await AuditEventReceiver.StartAsync(Component, Token, AesKey);
        var sandbox = await SandboxServer.StartAsync(options =>
        {
            options.TicketPushInterval = TimeSpan.Zero;
            options.IncludeReleaseTestAccounts = false;
            options.TicketLifetime = TokenLifetime;
            options.ComponentTokenLifetime = TokenLifetime;
            options.AuthorizerTokenLifetime = TokenLifetime;
            options.CodeManagement.AuditDuration = auditDuration;
            options.CodeManagement.MonthlyAuditQuota = accounts + 100;
            options.Components.Add(new SandboxComponent
            {
                AppId = Component, AppSecret = Secret, Token = Token, EncodingAESKey = AesKey, MessageUrl = receiver.MessageUrl,
                AllowedClientIps = ["127.0.0.1", "::1"],
            });
            options.Accounts.AddRange(appIds.Select(a => new SandboxAccount { AppId = a, UserName = "gh_" + a[4..], NickName = a, Kind = SandboxAccountKind.MiniProgram }));
        }, time, logging: l => l.ClearProviders());
        var world = new CampaignWorld(time, appIds, sandbox, receiver, silos);
        await world.Cluster.DeployAsync();
        receiver.Grains = world.Cluster.Client;
        return world;
    }

    /// <summary>Kills every silo at once (no deactivation, no goodbye), then starts as many new ones.</summary>
    public async Task KillEverySiloAsync()
    {
        _receiver.Grains = null;
        var silos = Cluster.Silos.ToList();
        await Task.WhenAll(silos.Select(Cluster.KillSiloAsync));
        await Cluster.StartSilosAsync(silos.Count);
        _receiver.Grains = Cluster.Client;
    }

    /// <summary>
    /// Authorizes every account as B3 does: api_query_auth, and the grant handed to the authorizer grain, without the
    /// component's own authorizer list (its authorizations are not what is measured).
    /// </summary>
    public async Task AuthorizeAllAsync()
    {
        var grains = Cluster.Client;
        var wechat = Cluster.Silos[0].SiloHost.Services.GetRequiredService<IComponentApi>();
        var component = grains.GetGrain<IComponentGrain>(Component);
        await component.RecordTicketAsync(Sandbox.World.Tickets.Issue(Component), Time.GetUtcNow());
        var componentToken = (await component.GetTokenAsync()).Value;
        var platform = Sandbox.World.Options.FindComponent(Component)!;
        await Parallel.ForEachAsync(Accounts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (account, _) =>
        {
            var preAuthCode = Sandbox.World.Codes.CreatePreAuthCode(Component).Value;
            Sandbox.World.Codes.TryConsumePreAuthCode(Component, preAuthCode);
            var code = Sandbox.World.Approve(platform, Sandbox.World.FindAccount(account)!, preAuthCode, platform.PermissionSets, pushEvent: false).Value;
            var authorization = (await wechat.QueryAuthAsync(componentToken, Component, code)).AuthorizationInfo;
            var token = new AccessToken(authorization.AuthorizerAccessToken!, Time.GetUtcNow().AddSeconds(authorization.ExpiresIn!.Value));
            await grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(Component, account))
                .AcceptGrantAsync(new AuthorizerGrant(account, authorization.AuthorizerRefreshToken!, token, authorization.PermissionSetIds, null));
        });
    }

    private InProcessTestCluster Build(int silos)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = Sandbox.BaseUrl,
            ["WeChat:Components:0:AppId"] = Component,
            ["WeChat:Components:0:AppSecret"] = Secret,
            ["WeChat:Components:0:Token"] = Token,
            ["WeChat:Components:0:EncodingAESKey"] = AesKey,
            ["Logging:LogLevel:Default"] = "Error",
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable>(_reminders);
            // Every reminder stays loaded from its registration: loaded by a periodic table read shortly before it is
            // due, a reminder could be passed over by a clock that jumped meanwhile.
            silo.Configure<ReminderOptions>(options => options.ReminderLoadingWindow = TimeSpan.FromDays(30));
            silo.Services.AddSingleton<ICampaignStore>(_campaigns);
            silo.Services.AddSingleton<IAuthorizerIndex>(_index);
            silo.Services.AddSingleton<IAuthorizationCodeLedger>(_codes);
            silo.Services.AddPlatformGrains();
            silo.Services.AddKeyedSingleton<TimeProvider>(GrainClock.Key, Time);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);
            silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorage.Name, (sp, _) => new SharedGrainStorage(Rows, sp.GetRequiredService<Serializer>()));
        });
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Sandbox.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
