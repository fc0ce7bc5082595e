using System.Diagnostics.Metrics;
using System.Globalization;
using Grains.Index;

namespace Grains;

/// <summary>One platform's measurements of <see cref="PlatformGauges"/>, as read at one moment.</summary>
internal sealed class PlatformSnapshot
{
    public List<Measurement<double>> Tickets { get; } = [];

    public List<Measurement<long>> Tokens { get; } = [];

    public List<Measurement<long>> DeadLetters { get; } = [];

    public static async Task<PlatformSnapshot> ReadAsync(string componentAppId, IGrainFactory grains, IAuthorizerIndex index, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snapshot = new PlatformSnapshot();
        var platform = new KeyValuePair<string, object?>("component", componentAppId);
        var status = await grains.GetGrain<IComponentGrain>(componentAppId).GetStatusAsync();
        if (status.TicketReceivedAt is { } received)
        {
            snapshot.Tickets.Add(new(received.ToUnixTimeMilliseconds() / 1000.0, platform));
        }

        // The component token as a horizon of one: every bucket is reported, so a bucket's series never disappears.
        var bounds = TokenHorizon.DefaultBounds;
        var componentToken = new long[bounds.Count + 2];
        componentToken[TokenHorizon.Bucket(status.TokenExpiresAt - now, bounds)] = 1;
        snapshot.AddTokens(platform, "component", TokenHorizon.Buckets(bounds, componentToken));
        snapshot.AddTokens(platform, "authorizer", await index.CountByTokenLeftAsync(componentAppId, now, bounds, cancellationToken));

        var letters = await grains.GetGrain<IDeadLetterGrain>(componentAppId).ListAsync(0);
        snapshot.DeadLetters.Add(new(letters.Total, platform));
        return snapshot;
    }

    private void AddTokens(KeyValuePair<string, object?> platform, string kind, IReadOnlyList<TokenHorizonBucket> buckets)
    {
        foreach (var bucket in buckets)
        {
            Tokens.Add(new(bucket.Accounts, platform, new("kind", kind), new("left", Left(bucket))));
        }
    }

    /// <summary>A bucket as a label value a PromQL regex can pick out: none, expired, &lt;1m … &lt;2h, &gt;=2h.</summary>
    private static string Left(TokenHorizonBucket bucket) => bucket switch
    {
        { From: null, To: null } => "none",
        { From: null, To: { } to } when to <= TimeSpan.Zero => "expired",
        { To: { } to } => "<" + Short(to),
        { From: { } from } => ">=" + Short(from),
    };

    private static string Short(TimeSpan span) => span.TotalHours >= 1 && span.Minutes == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0}h")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0}m");
}
