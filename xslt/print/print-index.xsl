<?xml version="1.0" encoding="UTF-8"?>
<!--
  The index of persons. Names come from the register (tei/register.xml) when it exists, else from
  the mentions themselves; page numbers are measured in the rendered main part by pdf.py and passed
  in as JSON ($index-pages), since CSS cannot merge repeated page numbers.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:print"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:variable name="register" as="document-node()?"
    select="if ($register-uri != '' and doc-available($register-uri)) then doc($register-uri) else ()"/>

  <xsl:key name="person" match="tei:person[@xml:id]" use="@xml:id"/>

  <xsl:function name="ed:person-name" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="mentions" as="element()*"/>
    <xsl:variable name="person" select="$register ! key('person', 'per-' || $key, .)"/>
    <xsl:variable name="pn" select="($person/tei:persName[@type='index'], $person/tei:persName)[1]"/>
    <xsl:sequence select="
      if ($pn/tei:surname)
      then normalize-space(string-join(($pn/tei:surname, string-join($pn/tei:forename, ' ')) ! normalize-space(.)[.], ', '))
      else if ($pn) then normalize-space($pn)
      else normalize-space(($mentions ! ed:plain(.))[1])"/>
  </xsl:function>

  <xsl:template name="person-index">
    <xsl:variable name="pages" select="parse-json($index-pages)" as="map(*)"/>
    <xsl:variable name="mentions" select="//tei:text//tei:persName[@ref]"/>
    <section class="div index" id="{$slug}-index" data-rh="Index of Persons"
             style="counter-reset: page {$first-page - 1}">
      <h1 class="head index-title">Index of Persons</h1>
      <div class="index-entries">
        <xsl:for-each-group select="$mentions"
            group-by="tokenize(@ref)[starts-with(., 'per:')] ! substring-after(., 'per:')">
          <xsl:sort select="lower-case(ed:person-name(current-grouping-key(), current-group()))"/>
          <xsl:variable name="key" select="current-grouping-key()"/>
          <div class="index-entry" data-key="{$key}">
            <span class="index-name">{ed:person-name($key, current-group())}</span>
            <xsl:text>, </xsl:text>
            <span class="index-pages">{($pages($key), '–')[1]}</span>
          </div>
        </xsl:for-each-group>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
