using System.Diagnostics;
using WeChat.Api;

namespace Grains.Bench.Simulated;

/// <summary>
/// B7 on a simulated clock: one campaign across N sandbox mini programs, reviews of hours, an <c>audits_per_day</c> of
/// a third of N so the wave waits for the next Beijing day at least twice, the clock moved a step at a time while the
/// real work of each step drains. With <c>killMidway</c>, every silo is killed once half the accounts are released,
/// and new ones take over from what was stored.
/// </summary>
internal static class SimulatedCampaign
{
    private const string CampaignId = "cmp_b7sim";
    private const int Silos = 2;

    /// <summary>A second while steps are due: the platform's pacer grants a second's calls (Campaigns:CallsPerSecond) at most.</summary>
    private static readonly TimeSpan BusyStep = TimeSpan.FromSeconds(1);

    /// <summary>While only reviews are open: an audit event lands at most this late.</summary>
    private static readonly TimeSpan ReviewStep = TimeSpan.FromMinutes(1);

    /// <summary>While only the audit quota is awaited: the campaign's reminder period, which is when it looks again.</summary>
    private static readonly TimeSpan QuotaStep = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(14);

    private static readonly string[] Steps = [CodeManagementApis.Commit, CodeManagementApis.SubmitAudit, CodeManagementApis.Release];

    /// <summary>The section's rows, and whether every account was released with each step done exactly once.</summary>
    public sealed record Outcome(IReadOnlyList<string> Rows, bool EveryAccountOnce);

    public static async Task<Outcome> RunAsync(int accounts, TimeSpan auditDuration, bool killMidway)
    {
        await using var world = await CampaignWorld.StartAsync(accounts, auditDuration, Silos);
        await world.AuthorizeAllAsync();
        var auditsPerDay = (accounts + 2) / 3;
        var spec = new CampaignSpec(1, "7.0.0", "B7 simulated", $$"""{"extAppid":"{{CampaignSpec.AppIdPlaceholder}}"}""", world.Accounts, null,
            ReleaseMode.AfterAudit, null, auditsPerDay);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var started = world.Time.GetUtcNow();
        await world.Cluster.Client.GetGrain<ICampaignGrain>(CampaignKey.For(CampaignWorld.Component, CampaignId)).StartAsync(spec);

        var quotaWaits = 0;
        var steps = 0;
        string? kill = null;
        var campaign = await StoredAsync(world);
        while (campaign.Status != CampaignStatus.Done)
        {
            if (world.Time.GetUtcNow() - started > GiveUpAfter)
            {
                throw new TimeoutException($"B7 simulated: the campaign is not done after {GiveUpAfter.TotalDays} simulated days: {Describe(campaign)}");
            }

            var step = StepFor(campaign);
            var activity = world.Activity;
            world.Time.Advance(step);
            if (killMidway && kill is null && step == BusyStep && Count(campaign, ReleaseStage.Released) >= accounts / 2)
            {
                await UntilWorkStartedAsync(world, activity);
                var killing = Stopwatch.StartNew();
                await world.KillEverySiloAsync();
                kill = $"mid-step, after {Count(campaign, ReleaseStage.Released):N0} released, {Hours(world.Time.GetUtcNow() - started)} in; {Silos} new silos up in {killing.Elapsed.TotalSeconds:N1} s";
                Console.Error.WriteLine($"B7 simulated: every silo killed {kill}");
            }

            await SettleAsync(world, step == BusyStep ? 8 : 4);
            var before = campaign.WaitingFor;
            campaign = await StoredAsync(world);
            quotaWaits += campaign.WaitingFor == CampaignWait.AuditQuota && before != CampaignWait.AuditQuota ? 1 : 0;
            if (++steps % 500 == 0)
            {
                // Progress on stderr, so a run that does not finish still says how far it got.
                Console.Error.WriteLine($"B7 simulated: {Hours(world.Time.GetUtcNow() - started)} simulated, {wall.Elapsed.TotalSeconds:N0} s, {Describe(campaign)}");
            }
        }

        var elapsed = wall.Elapsed;
        var process = Process.GetCurrentProcess();
        var cpuPerAccount = (process.TotalProcessorTime - cpu) / accounts;
        var simulated = world.Time.GetUtcNow() - started;
        var calls = Steps.ToDictionary(api => api, api => world.Sandbox.World.Calls.All(api).GroupBy(c => c.AuthorizerAppId ?? "").ToDictionary(g => g.Key, g => g.Count()));
        var everyAccountOnce = Count(campaign, ReleaseStage.Released) == accounts && Steps.All(api => world.Accounts.All(a => calls[api].GetValueOrDefault(a) == 1));
        string Once(string api) =>
            $"{world.Accounts.Count(a => calls[api].GetValueOrDefault(a) == 1):N0} (most for one account: {(calls[api].Count == 0 ? 0 : calls[api].Values.Max())})";

        var title = killMidway ? $"every silo killed once midway ({kill ?? "never: half was not reached"})" : "no silo lost";
        return new Outcome(
        [
            $"| **{accounts:N0} mini programs, {Silos} silos, {title}** | |",
            $"| released / accounts | {Count(campaign, ReleaseStage.Released):N0} / {accounts:N0} ({Describe(campaign)}) |",
            $"| accounts committed / submitted / released exactly once (sandbox call log) | {Once(CodeManagementApis.Commit)} / {Once(CodeManagementApis.SubmitAudit)} / {Once(CodeManagementApis.Release)} |",
            $"| WeChat calls per account (commit, submit_audit, release, queryquota, get_latest_auditstatus) | {(double)CodeCalls(world) / accounts:0.00} |",
            $"| simulated duration, start to `done` (audits of {Hours(auditDuration)}, audits_per_day {auditsPerDay:N0}) | {Hours(simulated)} in {steps:N0} clock steps |",
            $"| waits for the audit quota seen (`waiting_for: audit_quota`) | {quotaWaits} |",
            $"| wall time, start to `done` | {elapsed.TotalSeconds:N0} s |",
            $"| process CPU per account (silos, sandbox, message URL, driver) | {cpuPerAccount.TotalMilliseconds:N1} ms |",
            $"| peak working set of the process | {process.PeakWorkingSet64 / 1048576:N0} MiB |",
        ], everyAccountOnce);
    }

    /// <summary>Short steps while accounts are due, longer ones while the campaign only waits for WeChat.</summary>
    private static TimeSpan StepFor(Campaign campaign)
    {
        var due = Count(campaign, ReleaseStage.None) + Count(campaign, ReleaseStage.Approved)
            + (campaign.WaitingFor == CampaignWait.AuditQuota ? 0 : Count(campaign, ReleaseStage.Committed));
        if (due > 0)
        {
            return BusyStep;
        }

        return Count(campaign, ReleaseStage.Auditing) + Count(campaign, ReleaseStage.AuditDelayed) > 0 ? ReviewStep : QuotaStep;
    }

    /// <summary>
    /// Returns once nothing was written and no audit event delivered for <paramref name="polls"/> × 25 ms: the step's
    /// work is done. A wave out of the pacer's calls looks again within 100 ms, so a busy step waits 200 ms of quiet;
    /// a step of only reviews and reminders, half that (an event it misses is seen at the next step).
    /// </summary>
    private static async Task SettleAsync(CampaignWorld world, int polls)
    {
        var last = -1L;
        for (var quiet = 0; quiet < polls;)
        {
            await Task.Delay(25);
            var now = world.Activity;
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    /// <summary>
    /// Until the step's first write lands (2 s at most): the silos are then killed with the step's wave in flight, its
    /// other calls to WeChat and writes cut short wherever they are, which is what a crash does.
    /// </summary>
    private static async Task UntilWorkStartedAsync(CampaignWorld world, long activityBefore)
    {
        var deadline = Stopwatch.StartNew();
        while (world.Activity == activityBefore && deadline.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(1);
        }
    }

    private static async Task<Campaign> StoredAsync(CampaignWorld world) =>
        await world.Campaigns.GetAsync(CampaignWorld.Component, CampaignId) ?? throw new InvalidOperationException($"Campaign {CampaignId} is not stored.");

    private static int CodeCalls(CampaignWorld world) =>
        new[] { CodeManagementApis.Commit, CodeManagementApis.SubmitAudit, CodeManagementApis.Release, CodeManagementApis.QueryQuota, CodeManagementApis.LatestAuditStatus }
            .Sum(api => world.Sandbox.World.Calls.All(api).Count(c => c.AuthorizerAppId?.StartsWith("wxb7sacc", StringComparison.Ordinal) == true));

    private static long Count(Campaign campaign, ReleaseStage stage) => campaign.Counts.GetValueOrDefault(stage);

    private static string Describe(Campaign campaign) =>
        $"{campaign.Status}{(campaign.WaitingFor is { } wait ? $", waiting for {wait}" : "")}; " +
        string.Join(", ", campaign.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value:N0}"));

    private static string Hours(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0.#} min";
}
