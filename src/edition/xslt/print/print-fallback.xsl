<?xml version="1.0" encoding="UTF-8"?>
<!--
  Imported first, so that every other rule (shared or print) takes precedence: an element no rule
  knows is printed as its content with a warning, never dropped.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- Fallback: never drop text silently. -->
  <xsl:template match="*" >
    <xsl:message>print: no print rule for TEI element '{name()}' ({ancestor-or-self::*[@xml:id][1]/@xml:id}); its content is printed as plain text</xsl:message>
    <span class="unknown" data-tei="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

</xsl:stylesheet>
