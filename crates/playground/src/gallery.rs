//! The examples gallery: Dockerfiles, build contexts and lessons from the study notes.
