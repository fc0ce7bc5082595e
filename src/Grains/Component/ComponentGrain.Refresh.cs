using Microsoft.Extensions.Logging;
using WeChat.Api;
using WeChat.Options;

namespace Grains.Component;

public sealed partial class ComponentGrain
{
    /// <summary>Calls a component API with the current token; a token WeChat rejects is refreshed and the call retried once.</summary>
    private async Task<T> CallWithTokenAsync<T>(Func<string, Task<T>> call, string what, bool codeRejected = false)
    {
        var token = (await GetTokenAsync()).Value;
        try
        {
            return await TokenRejection.RetriedOnceAsync(token, call, RefreshIfCurrentAsync);
        }
        catch (WeChatApiException ex) when (codeRejected && ex.ErrorCode is WeChatErrorCodes.CodeInvalid or WeChatErrorCodes.CodeExpired)
        {
            throw new PlatformException(PlatformProblem.AuthorizationCodeRejected,
                $"WeChat refused the authorization code ({ex.ErrorCode}): it is invalid, expired or already used. Authorize again.");
        }
        catch (WeChatApiException ex)
        {
            metrics.Failed(AppId, Kind, ex.ClassName());
            throw ex.ToUnavailable(Options, what);
        }
    }

    private Task<AccessToken> RefreshOnceAsync(string? rejectedToken)
    {
        return _refresh ??= Run();

        async Task<AccessToken> Run()
        {
            await Task.Yield();
            try
            {
                return await RefreshAsync(rejectedToken);
            }
            finally
            {
                _refresh = null;
            }
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshOnceAsync(rejectedToken: null);
        }
        catch (PlatformException ex)
        {
            LogRefreshFailed(logger, AppId, ex.Problem, ex.Message);
        }
    }

    private async Task<AccessToken> RefreshAsync(string? rejectedToken)
    {
        if (await TokenLifecycle.BeforeCallingWeChatAsync(Store, time, Options, rejectedToken, "api_component_token") is { } served)
        {
            return served;
        }

        var credentials = Credentials();
        if (!HasFreshTicket() && !await WaitForTicketAsync())
        {
            return Token.CurrentOr(new PlatformException(PlatformProblem.NoTicket,
                "No component_verify_ticket has arrived yet; WeChat was asked to push one.", Options.UnavailableRetryAfter), rejectedToken);
        }

        try
        {
            return await ObtainAsync(credentials, rejectedToken);
        }
        catch (WeChatApiException ex) when (ex.Kind == WeChatErrorKind.TicketProblem)
        {
            LogTicketRefused(logger, AppId, ex.ErrorCode);
            if (await WaitForTicketAsync())
            {
                try
                {
                    return await ObtainAsync(credentials, rejectedToken);
                }
                catch (WeChatApiException again)
                {
                    return await FailAsync(again, rejectedToken);
                }
            }

            return await FailAsync(ex, rejectedToken);
        }
        catch (WeChatApiException ex)
        {
            return await FailAsync(ex, rejectedToken);
        }
    }

    private async Task<AccessToken> ObtainAsync(ComponentOptions credentials, string? rejectedToken)
    {
        var previous = state.State.AccessToken is null ? (TimeSpan?)null : state.State.AccessTokenExpiresAt - time.GetUtcNow();
        var response = await wechat.GetComponentTokenAsync(AppId, credentials.AppSecret, state.State.Ticket!);
        var obtainedAt = time.GetUtcNow();
        try
        {
            await WriteAsync(s => s.StoreToken(response.ComponentAccessToken, response.ExpiresIn, obtainedAt, replacesRejected: rejectedToken is not null));
        }
        catch (PlatformException ex)
        {
            // Held in memory and saved as soon as the database answers; serve it meanwhile.
            LogNotSaved(logger, AppId, ex.Message);
        }

        metrics.Refreshed(AppId, Kind, previous ?? TimeSpan.Zero);
        LogRefreshed(logger, AppId, state.State.AccessTokenExpiresAt);
        await ScheduleAsync();
        return Token.Current();
    }

    private async Task<AccessToken> FailAsync(WeChatApiException error, string? rejectedToken)
    {
        metrics.Failed(AppId, Kind, error.ClassName());
        LogWeChatFailed(logger, AppId, error.ErrorCode, error.Kind, error.ErrorMessage);
        var now = time.GetUtcNow();
        await WriteAsync(s =>
        {
            s.RecordFailure(error, now, Options);
            return true;
        });
        return Token.CurrentOr(error.ToUnavailable(Options, "component_access_token"), rejectedToken);
    }
}
