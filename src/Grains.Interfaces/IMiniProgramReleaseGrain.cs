namespace Grains.Interfaces;

/// <summary>
/// One mini program's code releases, keyed like its authorizer (<c>{componentAppId}/{authorizerAppId}</c>). Each step
/// is done at most once per campaign: a repeat answers the recorded outcome; after a crash between WeChat's answer and
/// the write, WeChat is asked where the code stands (<c>get_latest_auditstatus</c>) before anything is sent again.
/// </summary>
[Alias("Grains.IMiniProgramReleaseGrain")]
public interface IMiniProgramReleaseGrain : IGrainWithStringKey
{
    Task<MiniProgramRelease> GetAsync();

    Task<ReleaseStepResult> CommitAsync(ReleaseCommit commit);

    /// <param name="auditJson">The campaign's <c>audit</c> object, passed to <c>wxa/submit_audit</c> as it is.</param>
    Task<ReleaseStepResult> SubmitAuditAsync(string campaignId, string? auditJson);

    /// <param name="grayPercentage">Null: a full release (<c>wxa/release</c>); else a phased one (<c>wxa/grayrelease</c>).</param>
    Task<ReleaseStepResult> ReleaseAsync(string campaignId, int? grayPercentage);

    /// <summary>Rolls back what <paramref name="campaignId"/> released (<c>wxa/revertcoderelease</c>; a gray release in progress: <c>wxa/revertgrayrelease</c>).</summary>
    Task<ReleaseStepResult> RevertAsync(string campaignId);

    /// <summary>An audit event from the account's message URL; a repeat changes nothing.</summary>
    Task OnAuditVerdictAsync(AuditVerdict verdict);
}
