use crate::api;
use crate::components::{LoadError, TableHead};
use crate::task::Task;
use crate::time::describe;
use dropstream_api::access::AuditEntry;
use leptos::prelude::*;

/// `/admin/audit` (admins): sign-ins, credential saves, deletions and
/// changes of access, newest first. Never a value.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let next = RwSignal::new(None::<i64>);
    let load = Task::new(move |before: &Option<i64>| {
        let before = *before;
        async move {
            let page = api::audit(before).await?;
            entries.update(|e| e.extend(page.entries));
            next.set(page.next_before);
            Ok::<_, api::ApiFailure>(())
        }
    });
    load.dispatch(None);
    view! {
        <h1>"Audit log"</h1>
        <table class="audit">
            <TableHead columns=&["When", "Who", "What", "On", "Detail", "From"] />
            <tbody>
                <For each=move || entries.get() key=|e| e.id let:e>
                    <tr>
                        {let (when, exact) = describe(&e.at); view! { <td title=exact>{when}</td> }}
                        <td>{e.actor}</td>
                        <td>{e.action.replace('_', " ")}</td>
                        <td>{e.target}</td>
                        <td>{e.detail}</td>
                        <td>{e.address}</td>
                    </tr>
                </For>
            </tbody>
        </table>
        {move || match load.value().get() {
            // What failed was the page after the last one shown.
            Some(Err(error)) if !load.pending() => Some(view! {
                <LoadError what="the audit log" error retry=move || {
                    load.dispatch(next.get_untracked());
                } />
            }),
            _ => None,
        }}
        {move || next.get().map(|before| view! {
            <button type="button" class="button" disabled=move || load.pending()
                on:click=move |_| { load.dispatch(Some(before)); }>
                "Older entries"
            </button>
        })}
    }
}
