//! How each screen carries its work, for the helpers of [`super::Screen`].

use futures::StreamExt;
use futures::stream::BoxStream;
use ksc_link::gui::screen::{export, secondary, wizard};

use super::Screen;

impl Screen for wizard::State {
    type Message = wizard::Message;
    type Work = wizard::Work;

    fn handle(&mut self, message: Self::Message) -> Option<Self::Work> {
        match self.update(message) {
            wizard::Action::Run(w) => Some(w),
            wizard::Action::None
            | wizard::Action::Close
            | wizard::Action::ExportJoinFile
            | wizard::Action::CopyToClipboard(_)
            | wizard::Action::RememberProxy { .. } => None,
        }
    }

    fn draw(&self) -> iced::Element<'_, Self::Message> {
        self.view()
    }

    fn perform(work: Self::Work) -> BoxStream<'static, Self::Message> {
        work.into_stream()
    }

    fn is_dialog(work: &Self::Work) -> bool {
        matches!(
            work,
            wizard::Work::PickCertificateFile
                | wizard::Work::SavePrimaryCertificate { .. }
                | wizard::Work::SavePlanFile { .. }
                | wizard::Work::SaveReport { .. }
        )
    }
}

impl Screen for secondary::State {
    type Message = secondary::Message;
    type Work = secondary::Work;

    fn handle(&mut self, message: Self::Message) -> Option<Self::Work> {
        match self.update(message) {
            secondary::Action::Run(w) | secondary::Action::Watch(w) => Some(w),
            secondary::Action::None | secondary::Action::Close => None,
        }
    }

    fn draw(&self) -> iced::Element<'_, Self::Message> {
        self.view()
    }

    fn perform(work: Self::Work) -> BoxStream<'static, Self::Message> {
        work.into_stream()
    }

    fn is_dialog(work: &Self::Work) -> bool {
        matches!(
            work,
            secondary::Work::PickCertificateFile { .. } | secondary::Work::PickJoinFile { .. }
        )
    }
}

impl Screen for export::State {
    type Message = export::Message;
    type Work = export::Work;

    fn handle(&mut self, message: Self::Message) -> Option<Self::Work> {
        match self.update(message) {
            export::Action::Run(w) => Some(w),
            export::Action::None | export::Action::Close => None,
        }
    }

    fn draw(&self) -> iced::Element<'_, Self::Message> {
        self.view()
    }

    fn perform(work: Self::Work) -> BoxStream<'static, Self::Message> {
        futures::stream::once(work.run()).boxed()
    }

    fn is_dialog(work: &Self::Work) -> bool {
        matches!(work, export::Work::PickPath { .. })
    }
}

/// Ends the pre-flight check the summary started by itself as if everything passed: the
/// domain judges the plan by fixed observations (so snapshots stay the same from run to run, in
/// the wizard's language), as fed tests (whose servers are not real) need before Finish.
pub fn preflight_passed(s: &mut wizard::State) {
    use ksc_link::hierarchy::preflight::{Observations, Presented, evaluate};
    use ksc_link::tls::Pin;
    assert!(s.preflight_running, "the summary checks by itself");
    let plan = s.wizard.preflight_plan().expect("a complete plan");
    let primary = Pin::of_der(&plan.secondary_settings.primary_certificate);
    let info = |version: &str| ksc_link::kloapi::StaticInfo {
        hostname: None,
        product_name: Some("1093".into()),
        product_version: Some(version.into()),
        full_version: Some(version.into()),
        is_virtual: false,
        linux: Some(false),
        cloud_console: false,
        vserver_id: None,
        root_group: None,
        unassigned_group: None,
        super_group: None,
        raw: ksc_link::wire::Params::new(),
    };
    let logged_in = s.secondary.is_some();
    let observed = Observations {
        primary_pin: Some(primary),
        primary_port: Some(Presented::Certificate(primary)),
        secondary_port: plan
            .secondary_address
            .as_ref()
            .map(|_| Presented::Certificate(plan.secondary_certificate.pin())),
        primary_address_ips: Some(vec!["10.0.0.10".parse().unwrap()]),
        secondary_address_ips: Some(vec!["10.0.0.20".parse().unwrap()]),
        primary_info: Some(info("15.1.0.8")),
        secondary_info: logged_in.then(|| info("15.1.0.8")),
        secondaries_now: Some(2),
        secondaries_enabled: Some(true),
        secondary_children_md5: logged_in.then(Vec::new),
        name_taken: Some(false),
        login: s.wizard.secondary_login(),
        ..Observations::default()
    };
    let report = evaluate(&plan, &observed);
    let generation = s.preflight_generation;
    let _ = s.update(wizard::Message::Summary(
        wizard::summary::Message::PreflightDone(generation, Box::new(report)),
    ));
    assert!(!s.preflight_running);
}
