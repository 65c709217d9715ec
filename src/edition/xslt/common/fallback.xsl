<?xml version="1.0" encoding="UTF-8"?>
<!--
  The fallback for elements no template knows: their content is rendered and an xsl:message warns
  (once per element name and document), so no text is ever dropped silently.
  Import this module FIRST (lowest import precedence), so every other template wins over it.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template match="*">
    <xsl:if test="not(preceding::*[node-name() = node-name(current())]
                      | ancestor::*[node-name() = node-name(current())])">
      <xsl:message>warning: {string((root()/*/@xml:id, 'document')[1])}: no template for &lt;{name()}&gt;; its content is shown as plain text</xsl:message>
    </xsl:if>
    <span class="tei-unknown tei-{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>
</xsl:stylesheet>
