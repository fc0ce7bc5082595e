using WeChat.Api;

namespace Grains.Releases;

public sealed partial class MiniProgramReleaseGrain
{
    /// <summary>
    /// One step of a campaign: <paramref name="Send"/> does it; <paramref name="Happened"/> (when WeChat can tell) says
    /// whether a step whose answer was lost took effect; <paramref name="Done"/> writes its outcome;
    /// <paramref name="OnRefusal"/> reads errcodes that mean something for this step.
    /// </summary>
    private sealed record Step(
        string CampaignId,
        string Name,
        Func<string, Task> Send,
        Func<string, Task<bool>>? Happened,
        Action<ReleaseState> Done,
        Func<WeChatApiException, string, Task<RefusalMeaning>>? OnRefusal = null);

    private enum RefusalMeaning
    {
        Refused,
        AlreadyDone,

        /// <summary>Another audit is open (85009 for an audit the platform did not submit).</summary>
        Busy,
    }

    private async Task<ReleaseStepResult> RunAsync(Step step)
    {
        var sending = false;
        string? token = null;
        try
        {
            if (await AccountProblemAsync() is { } problem)
            {
                return await FailAsync(step, null, problem);
            }

            token = (await Authorizer.GetTokenAsync()).Value;
            if (state.State.Intent?.Is(step.CampaignId, step.Name) == true && step.Happened is { } happened
                && await WithTokenAsync(token, async t => { token = t; return await happened(t); }))
            {
                LogRecovered(logger, Key.ComponentAppId, Key.AuthorizerAppId, step.CampaignId, step.Name);
                return await CompleteAsync(step);
            }

            var now = time.GetUtcNow();
            await Store.WriteAsync(s =>
            {
                if (s.CampaignId != step.CampaignId)
                {
                    s.CampaignId = step.CampaignId;
                    s.DoneSteps = [];
                }

                // A step done before and asked again (a resubmit after a rejection) is done once more from here, and a
                // step that failed is being retried: the account is no longer failed.
                s.DoneSteps.Remove(step.Name);
                s.FailedStep = null;
                s.Intent = new ReleaseIntent { CampaignId = step.CampaignId, Step = step.Name, StartedAt = now };
                return true;
            });
            sending = true;
            await WithTokenAsync(token, async t => { token = t; await step.Send(t); return true; });
            return await CompleteAsync(step);
        }
        catch (WeChatApiException ex)
        {
            var meaning = sending && step.OnRefusal is { } read && token is not null ? await ReadRefusalAsync(read, ex, token) : RefusalMeaning.Refused;
            return meaning switch
            {
                RefusalMeaning.AlreadyDone => await CompleteAsync(step),
                RefusalMeaning.Busy => await NotNowAsync(step, ex.ErrorCode, "another audit is open on this mini program", ReleaseStepStatus.RetryLater,
                    ReleaseOutcomes.ForeignAuditWait, answered: true),
                _ => await RefusedByWeChatAsync(step, ex, sending),
            };
        }
        catch (PlatformException ex)
        {
            return await NotServedAsync(step, ex);
        }
    }

    private async Task<RefusalMeaning> ReadRefusalAsync(Func<WeChatApiException, string, Task<RefusalMeaning>> read, WeChatApiException error, string token)
    {
        try
        {
            return await read(error, token);
        }
        catch (WeChatApiException)
        {
            // WeChat could not say more now: the refusal is taken as it came.
            return RefusalMeaning.Refused;
        }
    }

    /// <summary>Why the account cannot take part at all: not authorized, not a mini program, code management not granted.</summary>
    private async Task<string?> AccountProblemAsync()
    {
        AuthorizerSummary account;
        try
        {
            account = await Authorizer.GetAuthorizedAsync();
        }
        catch (PlatformException ex) when (ex.Problem is PlatformProblem.UnknownAuthorizer or PlatformProblem.Unauthorized or PlatformProblem.ReauthorizationRequired)
        {
            return ex.Message;
        }

        if (account.Profile is { IsMiniProgram: false })
        {
            return $"{Key.AuthorizerAppId} is an official account, not a mini program: it has no code to release.";
        }

        return account.PermissionSets.Contains(CodeManagementPermissionSet)
            ? null
            : $"{Key.AuthorizerAppId} has not granted the platform code management (permission set {CodeManagementPermissionSet}).";
    }

    /// <summary>A call with the account's token; a token WeChat rejects is reported to the account's grain and the call sent once more.</summary>
    private Task<T> WithTokenAsync<T>(string token, Func<string, Task<T>> call) =>
        TokenRejection.RetriedOnceAsync(token, call, Authorizer.RefreshIfCurrentAsync);

    private async Task<ReleaseStepResult> CompleteAsync(Step step)
    {
        var now = time.GetUtcNow();
        await Store.WriteAsync(s =>
        {
            if (s.CampaignId != step.CampaignId)
            {
                s.CampaignId = step.CampaignId;
                s.DoneSteps = [];
            }

            s.ErrorCode = null;
            s.Reason = null;
            s.FailedStep = null;
            s.Retries = null;
            step.Done(s);
            s.Intent = null;
            if (!s.DoneSteps.Contains(step.Name))
            {
                s.DoneSteps.Add(step.Name);
            }

            s.UpdatedAt = now;
            RecordChange(s, now);
            return true;
        });
        await HandOverAsync();
        await WatchAuditAsync();
        return Result(ReleaseStepStatus.Done);
    }
}
