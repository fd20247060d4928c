//! WebKitGTK settings for the studio's one page: it shows local UI only (no media, no
//! WebGL, no plug-ins, no back/forward navigation), so WebKit's caches for browsing and the
//! GPU compositing path only cost memory.

#[cfg(target_os = "linux")]
pub fn configure(window: &tauri::WebviewWindow) {
    let result = window.with_webview(|wv| {
        use webkit2gtk::{
            CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
        };
        let view = wv.inner();
        if let Some(context) = view.context() {
            // Smallest memory caches: no page cache, no caching of resources of other pages.
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_page_cache(false);
            settings.set_enable_webgl(false);
            settings.set_enable_webaudio(false);
            settings.set_enable_media(false);
            settings.set_enable_media_stream(false);
            settings.set_enable_mediasource(false);
            settings.set_enable_encrypted_media(false);
            settings.set_enable_html5_database(false);
            settings.set_enable_offline_web_application_cache(false);
            settings.set_enable_dns_prefetching(false);
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    if let Err(e) = result {
        eprintln!("specwright: webview settings not applied: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn configure(_window: &tauri::WebviewWindow) {}
