//! What publishing a version would change, before it is published.
