namespace Gateway.Access;

/// <summary>
/// A business service that may call <c>/api</c>: a full-access key of <c>Gateway:ApiKeys</c> or a scoped client of
/// <c>Gateway:Clients</c>. <see cref="Components"/> empty means every platform.
/// </summary>
public sealed record ApiClient(string Name, IReadOnlySet<string> Components, IReadOnlySet<string> Scopes, double? PermitsPerSecond)
{
    public bool MayUse(string componentAppId) => Components.Count == 0 || Components.Contains(componentAppId);

    public bool Has(string scope) => Scopes.Contains(scope);
}
