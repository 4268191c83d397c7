/**
 * Every default of dnnbench, typed and written once ({@link org.dnnbench.config.Defaults}): the
 * harness's requests, the app's services and the command line's help texts all read them here.
 */
package org.dnnbench.config;
