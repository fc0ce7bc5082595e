using Grains.Interfaces;
using WeChat.Api.Quotas;

namespace Grains.Quotas;

/// <summary>
/// A process's copy of the cluster's refusals, kept up to date from the registry's changes. A refusal holds when it has
/// not ended and was seen after the account's last clear, so refusals and clears apply in any order. Not thread-safe:
/// the <see cref="CallLedger"/> holds its lock.
/// </summary>
internal sealed class RefusalView
{
    private Dictionary<(string AccountKey, string Api), QuotaRefusal> _refusals = [];
    private Dictionary<string, DateTimeOffset> _lifts = new(StringComparer.Ordinal);

    /// <summary>The registry's activation and version this view is at; none at first, so the first read is the whole list.</summary>
    public Guid Epoch { get; private set; }

    public long Version { get; private set; } = -1;

    public DateTimeOffset? RefusedUntil(string accountKey, string api, DateTimeOffset now) =>
        _refusals.TryGetValue((accountKey, api), out var refusal) && refusal.Until > now ? refusal.Until : null;

    public bool IsLifted(string accountKey, DateTimeOffset seenAt) => _lifts.GetValueOrDefault(accountKey) >= seenAt;

    public void Refuse(QuotaRefusal refusal)
    {
        if (!IsLifted(refusal.AccountKey, refusal.At))
        {
            _refusals[(refusal.AccountKey, refusal.Api)] = refusal;
        }
    }

    public void Lift(QuotaLift lift)
    {
        if (IsLifted(lift.AccountKey, lift.ClearedAt))
        {
            return;
        }

        _lifts[lift.AccountKey] = lift.ClearedAt;
        foreach (var key in _refusals.Where(r => r.Key.AccountKey == lift.AccountKey && r.Value.At <= lift.ClearedAt).Select(r => r.Key).ToList())
        {
            _refusals.Remove(key);
        }
    }

    /// <summary>
    /// Takes the registry's changes. A whole list replaces the view, keeping this process's own 45009s and clears the
    /// registry may not hold yet (<paramref name="unflushedRefused"/>, <paramref name="unflushedLifted"/>).
    /// </summary>
    public void Adopt(QuotaRefusals changes, IEnumerable<QuotaRefusal> unflushedRefused, IEnumerable<QuotaLift> unflushedLifted, DateTimeOffset now)
    {
        if (changes.Full)
        {
            _refusals = [];
            _lifts = new(StringComparer.Ordinal);
        }

        foreach (var lift in changes.Full ? changes.Lifted.Concat(unflushedLifted) : changes.Lifted)
        {
            Lift(lift);
        }

        foreach (var refusal in changes.Full ? changes.Refused.Concat(unflushedRefused) : changes.Refused)
        {
            Refuse(refusal);
        }

        foreach (var over in _refusals.Where(r => r.Value.Until <= now).Select(r => r.Key).ToList())
        {
            _refusals.Remove(over);
        }

        foreach (var over in _lifts.Where(l => BeijingDay.NextMidnight(l.Value) <= now).Select(l => l.Key).ToList())
        {
            _lifts.Remove(over);
        }

        (Epoch, Version) = (changes.Epoch, changes.Version);
    }
}
