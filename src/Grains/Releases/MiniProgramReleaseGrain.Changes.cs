using Grains.Messages;

namespace Grains.Releases;

public sealed partial class MiniProgramReleaseGrain
{
    private static readonly TimeSpan HandOverRetryPeriod = TimeSpan.FromSeconds(5);

    private IGrainTimer? _handOverRetry;

    private bool HasSomethingToTell => state.State.OutgoingChanges is { Count: > 0 } || state.State.CampaignNoticePending;

    /// <summary>
    /// Notes the stage change for the platform's webhook inside the write that makes it, so the change and its delivery
    /// are stored together or not at all. Nothing is noted for a platform without a webhook.
    /// </summary>
    private void RecordChange(ReleaseState s, DateTimeOffset occurredAt)
    {
        if (PlatformWebhook.Of(wechatOptions.Value, Key.ComponentAppId) is null)
        {
            return;
        }

        (s.OutgoingChanges ??= []).Add(new ReleaseChange(
            "rel_" + Guid.CreateVersion7(occurredAt).ToString("N"), s.CampaignId, ShownStage(s), s.ErrorCode, s.Reason, occurredAt));
    }

    /// <summary>
    /// Hands the recorded changes, oldest first, to the account's outbox, and tells the campaign of a stage an audit
    /// event set; each is forgotten here once taken. A failure does not fail the caller (it is stored here): a timer
    /// tries again, and a crash leaves it for the next activation.
    /// </summary>
    private async Task HandOverAsync()
    {
        // Held in memory only: storage might yet lose it, and nobody must hear of it first.
        if (Store.HasUnsavedChanges)
        {
            return;
        }

        try
        {
            var outbox = GrainFactory.GetGrain<IMessageOutboxGrain>(this.GetPrimaryKeyString());
            foreach (var change in state.State.OutgoingChanges?.ToList() ?? [])
            {
                await outbox.AcceptReleaseChangeAsync(change);
                await Store.WriteAsync(s =>
                {
                    if (s.OutgoingChanges?.RemoveAll(c => c.Id == change.Id) is not > 0)
                    {
                        return false;
                    }

                    s.OutgoingChanges = s.OutgoingChanges.Count == 0 ? null : s.OutgoingChanges;
                    return true;
                });
            }

            if (state.State is { CampaignNoticePending: true, CampaignId: { } campaignId })
            {
                await GrainFactory.GetGrain<ICampaignGrain>($"{Key.ComponentAppId}/{campaignId}").AccountChangedAsync(Current());
                await Store.WriteAsync(s =>
                {
                    if (!s.CampaignNoticePending)
                    {
                        return false;
                    }

                    s.CampaignNoticePending = false;
                    return true;
                });
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotHandedOver(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex.GetType().Name);
            _handOverRetry ??= this.RegisterGrainTimer(_ => HandOverAsync(),
                new GrainTimerCreationOptions(HandOverRetryPeriod, HandOverRetryPeriod) { KeepAlive = true });
            return;
        }

        _handOverRetry?.Dispose();
        _handOverRetry = null;
    }
}
