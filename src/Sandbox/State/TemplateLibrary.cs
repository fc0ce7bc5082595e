using Microsoft.Extensions.Options;
using Sandbox.CodeManagement;
using Sandbox.Endpoints;

namespace Sandbox.State;

public sealed record Draft(long DraftId, string UserVersion, string UserDesc, DateTimeOffset CreatedAt, IReadOnlyList<string> Pages);

public sealed record Template(long TemplateId, Draft Source, int TemplateType, DateTimeOffset CreatedAt)
{
    public bool IsStandard => TemplateType == 1;
}

/// <summary>Each platform's draft box and code template library (代码模板库), seeded from <see cref="CodeManagementOptions"/>.</summary>
public sealed class TemplateLibrary(TimeProvider time, IOptions<SandboxOptions> options)
{
    /// <summary>Templates a library holds before 85065 (per type, as WeChat's English page says).</summary>
    public const int Capacity = 200;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Shelf> _shelves = new(StringComparer.Ordinal);

    public IReadOnlyList<Draft> Drafts(string componentAppId)
    {
        lock (_lock)
        {
            return [.. ShelfOf(componentAppId).Drafts];
        }
    }

    /// <summary>The templates, oldest first; <paramref name="templateType"/> null lists both kinds.</summary>
    public IReadOnlyList<Template> Templates(string componentAppId, int? templateType = null)
    {
        lock (_lock)
        {
            return [.. ShelfOf(componentAppId).Templates.Where(t => templateType is null || t.TemplateType == templateType)];
        }
    }

    public Template? Find(string componentAppId, long templateId)
    {
        lock (_lock)
        {
            return ShelfOf(componentAppId).Templates.Find(t => t.TemplateId == templateId);
        }
    }

    /// <summary>Copies a draft into the library under a new id (addtotemplate answers no id: the platform lists to find it).</summary>
    public Template Add(string componentAppId, long draftId, int templateType)
    {
        lock (_lock)
        {
            var shelf = ShelfOf(componentAppId);
            var draft = shelf.Drafts.Find(d => d.DraftId == draftId) ?? throw new SandboxApiError(CodeErrors.TemplateNotFound);
            if (shelf.Templates.Count(t => t.TemplateType == templateType) >= Capacity)
            {
                throw new SandboxApiError(CodeErrors.TemplateListFull);
            }

            var template = new Template(++shelf.LastTemplateId, draft, templateType, time.GetUtcNow());
            shelf.Templates.Add(template);
            return template;
        }
    }

    public void Delete(string componentAppId, long templateId)
    {
        lock (_lock)
        {
            if (ShelfOf(componentAppId).Templates.RemoveAll(t => t.TemplateId == templateId) == 0)
            {
                throw new SandboxApiError(CodeErrors.TemplateNotFound);
            }
        }
    }

    /// <summary>A DevTools upload arriving in the draft box (the control API's stand-in for the developer's IDE).</summary>
    public Draft Upload(string componentAppId, string userVersion, string userDesc, IReadOnlyList<string> pages)
    {
        lock (_lock)
        {
            var shelf = ShelfOf(componentAppId);
            var draft = new Draft(shelf.Drafts.Select(d => d.DraftId).DefaultIfEmpty(-1).Max() + 1, userVersion, userDesc, time.GetUtcNow(), pages);
            shelf.Drafts.Add(draft);
            return draft;
        }
    }

    private Shelf ShelfOf(string componentAppId)
    {
        if (!_shelves.TryGetValue(componentAppId, out var shelf))
        {
            var seed = options.Value.CodeManagement;
            var drafts = seed.Drafts.Select(d => new Draft(d.DraftId, d.UserVersion, d.UserDesc, d.CreatedAt, [.. d.Pages])).ToList();
            var templates = seed.Templates.Select(t => new Template(t.TemplateId,
                new Draft(t.DraftId, t.UserVersion, t.UserDesc, t.CreatedAt, [.. t.Pages]), t.TemplateType, t.CreatedAt)).ToList();
            shelf = new Shelf(drafts, templates) { LastTemplateId = templates.Select(t => t.TemplateId).DefaultIfEmpty(0).Max() };
            _shelves[componentAppId] = shelf;
        }

        return shelf;
    }

    /// <summary>A platform's drafts and templates. Template ids only go up, as WeChat's do: a deleted template's id is never given again.</summary>
    private sealed record Shelf(List<Draft> Drafts, List<Template> Templates)
    {
        public long LastTemplateId { get; set; }
    }
}
