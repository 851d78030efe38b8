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
