//! What a run tells the merchant when it ends: its counts, and for a run
//! that did not move everything, which side to fix and how.

use super::Halt;
use crate::store::channels::RunEnd;
use dropstream_api::{help_link, Category, Diagnosis, HelpLink, RunCounts, RunOutcome, Side};
use std::collections::BTreeSet;

/// The help article about channels and their run logs.
pub const CHANNELS_ARTICLE: &str = "channels-and-run-logs";

/// What a run has seen so far.
#[derive(Clone, Debug, Default)]
pub struct RunLog {
    pub counts: RunCounts,
    /// SKUs that exist on one side only.
    skus: BTreeSet<String>,
    pub stopped_at_deadline: bool,
}

impl RunLog {
    pub fn note_sku(&mut self, sku: &str) {
        self.skus.insert(sku.to_string());
    }

    /// The run ended because a platform refused or failed.
    pub fn halted(self, halt: Halt) -> RunEnd {
        RunEnd {
            outcome: RunOutcome::Failed,
            counts: self.counts,
            diagnosis: Some(diagnose(&halt)),
        }
    }

    /// The saved credentials could not be read (the database failed).
    pub fn credentials_unreadable(self) -> RunEnd {
        RunEnd {
            outcome: RunOutcome::Failed,
            counts: self.counts,
            diagnosis: Some(Diagnosis {
                side: None,
                category: None,
                message: "The run could not read the saved credentials; nothing was sent.".into(),
                guidance: "This is on our side. Run it again in a minute.".into(),
                help: article("reading-the-log"),
                skus: Vec::new(),
            }),
        }
    }

    /// The run went through every page, or stopped at its deadline.
    pub fn finished(self) -> RunEnd {
        let diagnosis = if self.stopped_at_deadline {
            Some(Diagnosis {
                side: None,
                category: None,
                message: format!(
                    "The run stopped at its time limit after reading {} records.",
                    self.counts.read
                ),
                guidance: "The next run goes on from there; nothing is moved twice.".into(),
                help: article("time-limits"),
                skus: Vec::new(),
            })
        } else if !self.skus.is_empty() {
            let skus: Vec<String> = self.skus.into_iter().collect();
            Some(Diagnosis {
                side: None,
                category: None,
                message: match skus.as_slice() {
                    [one] => format!("SKU {one} exists on one side only."),
                    many => format!("{} SKUs exist on one side only.", many.len()),
                },
                guidance: "Make each SKU the same in the store and the warehouse (or add the product where it is missing), then run again. Test Connection cannot see this: the credentials are fine.".into(),
                help: article("sku-mismatches"),
                skus,
            })
        } else if self.counts.failed > 0 {
            Some(Diagnosis {
                side: None,
                category: None,
                message: format!(
                    "{} records could not move; the log says why for each.",
                    self.counts.failed
                ),
                guidance: "Fix the records named in the log, then run again.".into(),
                help: article("reading-the-log"),
                skus: Vec::new(),
            })
        } else {
            None
        };
        let outcome = match (&diagnosis, self.stopped_at_deadline) {
            (None, _) => RunOutcome::Succeeded,
            (Some(_), true) => RunOutcome::Failed,
            (Some(_), false) => RunOutcome::Partial,
        };
        RunEnd {
            outcome,
            counts: self.counts,
            diagnosis,
        }
    }
}

/// A platform's refusal in a run, said the way the Test Connection badge
/// says it, with the side to fix in front.
pub fn diagnose(halt: &Halt) -> Diagnosis {
    let result = &halt.result;
    let side = halt.side;
    let the_side = match side {
        Side::Store => "The store",
        Side::Warehouse => "The warehouse",
    };
    let message = match result.category {
        Some(Category::InvalidCredentials) => format!(
            "{the_side} refused our credentials: update the {} credentials.",
            side.label()
        ),
        Some(Category::MissingPermissions) => format!(
            "{the_side} did not let our credentials do this: grant the {} permissions this channel needs.",
            side.label()
        ),
        _ => format!("{the_side} answered: {}", result.message),
    };
    Diagnosis {
        side: Some(side),
        category: result.category,
        message,
        guidance: result.guidance.clone(),
        help: result
            .help
            .clone()
            .or_else(|| result.category.map(help_link))
            .unwrap_or_else(|| article("reading-the-log")),
        skus: Vec::new(),
    }
}

fn article(anchor: &str) -> HelpLink {
    HelpLink {
        slug: CHANNELS_ARTICLE.to_string(),
        anchor: anchor.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dropstream_api::TestResult;

    fn refused(category: Category) -> Halt {
        Halt {
            side: Side::Warehouse,
            result: TestResult::failure(
                category,
                "401 Unauthorized".into(),
                "Copy the token again.".into(),
            ),
        }
    }

    #[test]
    fn a_refused_token_names_the_side_to_fix() {
        let d = diagnose(&refused(Category::InvalidCredentials));
        assert_eq!(d.side, Some(Side::Warehouse));
        assert_eq!(
            d.message,
            "The warehouse refused our credentials: update the Warehouse credentials."
        );
        assert_eq!(d.guidance, "Copy the token again.");
        assert_eq!(d.help.slug, "test-connection");
        let end = RunLog::default().halted(refused(Category::RateLimited));
        assert_eq!(end.outcome, RunOutcome::Failed);
        assert!(end.diagnosis.unwrap().message.contains("401 Unauthorized"));
    }

    #[test]
    fn every_link_a_run_gives_opens_a_section_of_the_article() {
        let page = crate::help::LIBRARY
            .get(CHANNELS_ARTICLE)
            .expect("the article");
        for anchor in [
            "reading-the-log",
            "sku-mismatches",
            "time-limits",
            "credentials",
        ] {
            assert!(
                page.html.contains(&format!("id=\"{anchor}\"")),
                "no section {anchor}"
            );
        }
        assert!(page.html.contains("Run now"));
    }

    #[test]
    fn sku_mismatches_finish_partial_and_list_each_sku_once() {
        let mut log = RunLog::default();
        log.counts.read = 3;
        log.counts.failed = 2;
        log.note_sku("BLUE-TEE-M");
        log.note_sku("BLUE-TEE-M");
        log.note_sku("CAP-RED");
        let end = log.finished();
        assert_eq!(end.outcome, RunOutcome::Partial);
        let d = end.diagnosis.unwrap();
        assert_eq!(d.skus, ["BLUE-TEE-M", "CAP-RED"]);
        assert_eq!(d.side, None);
        assert_eq!(d.help.anchor, "sku-mismatches");
    }

    #[test]
    fn a_clean_run_succeeds_and_a_late_one_says_how_far_it_got() {
        assert_eq!(RunLog::default().finished().outcome, RunOutcome::Succeeded);
        let mut late = RunLog::default();
        late.counts.read = 120;
        late.stopped_at_deadline = true;
        let end = late.finished();
        assert_eq!(end.outcome, RunOutcome::Failed);
        assert!(end.diagnosis.unwrap().message.contains("120 records"));
    }
}
