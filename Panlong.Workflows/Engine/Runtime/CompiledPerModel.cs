using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Panlong.Workflows.Engine.Runtime;

/// <summary>
/// A query compiled with <c>EF.CompileAsyncQuery</c>, once per EF model: a compiled query refuses a context of another model,
/// and each provider's context has its own (one per process in production, several in the tests). The entry goes with the
/// model (docs/decisions/0058-what-a-step-reads.md).
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
