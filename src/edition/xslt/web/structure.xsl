<?xml version="1.0" encoding="UTF-8"?>
<!--
  Structure: text, front/body/back, divisions and their headings, blocks (p, lists, closers,
  datelines, tables, verse, figures). Elements no template knows fall to ../common/fallback.xsl.
  Heading levels follow the page: h1 is the page title, a division's head is one level below its
  parent's (tunnel parameter w:level).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:common"
  xmlns:w="urn:edition:web"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template match="tei:text">
    <xsl:apply-templates select="tei:front, tei:body, tei:back, tei:group"/>
  </xsl:template>

  <xsl:template match="tei:front | tei:body | tei:back | tei:group">
    <div class="tei-{local-name()}"><xsl:apply-templates/></div>
  </xsl:template>

  <!-- A unit (work, back division of a volume) has its own page: skipped elsewhere. -->
  <xsl:template match="tei:div[w:is-unit(.)]" priority="2">
    <xsl:param name="w:on-unit-page" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:if test="not($w:on-unit-page) and w:is-chapter(.)">
      <!-- A chapter on its work's page: a link to the chapter's own page. -->
      <p class="chapter-link"><a href="{w:unit-file(.)}">{ed:title-case(ed:plain((tei:head[not(@type='sub')])[1]))}</a></p>
    </xsl:if>
    <xsl:if test="$w:on-unit-page">
      <xsl:next-match>
        <xsl:with-param name="w:level" tunnel="yes" select="1"/>
        <xsl:with-param name="w:on-unit-page" tunnel="yes" select="false()"/>
      </xsl:next-match>
    </xsl:if>
  </xsl:template>

  <!-- pb/fw standing just before a unit are rendered on the unit's page. -->
  <xsl:template match="tei:pb[w:unit-after(.)] | tei:fw[preceding-sibling::tei:pb[1][w:unit-after(.)]]" priority="2">
    <xsl:param name="w:on-unit-page" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:if test="$w:on-unit-page"><xsl:next-match/></xsl:if>
  </xsl:template>

  <xsl:template match="tei:div | tei:floatingText | tei:titlePage | tei:argument | tei:epigraph
                       | tei:postscript | tei:opener | tei:closer">
    <xsl:param name="w:level" tunnel="yes" as="xs:integer" select="2"/>
    <xsl:element name="{if (self::tei:div) then 'section' else 'div'}">
      <xsl:attribute name="class" select="string-join(('tei-' || local-name(), @type ! ('div-' || .)), ' ')"/>
      <xsl:call-template name="ed:id"/>
      <xsl:if test="@n"><xsl:attribute name="data-n" select="@n"/></xsl:if>
      <xsl:apply-templates>
        <!-- A division without a heading (a whole text) adds no heading level. -->
        <xsl:with-param name="w:level" tunnel="yes"
          select="if (self::tei:div and tei:head[not(@type='sub')]) then $w:level + 1 else $w:level"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- The first main head of a division is its heading; others are subtitles. -->
  <xsl:template match="tei:div/tei:head[not(@type='sub')][not(preceding-sibling::tei:head[not(@type='sub')])]">
    <xsl:param name="w:level" tunnel="yes" as="xs:integer" select="3"/>
    <xsl:element name="h{min((max((1, $w:level - 1)), 6))}">
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:head">
    <p class="tei-head{@type ! (' head-' || .)}">
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- A paragraph that holds block content becomes a div (a p cannot hold lists or tables).
       A paragraph split by a page break of the source is one paragraph (functions.xsl:
       ed:continuation): the page marker and the continuation follow inside it, the
       continuation's id stays as an anchor (span.tei-p-join) so that links to it still resolve. -->
  <xsl:template match="tei:p | tei:ab">
    <xsl:variable name="whole" select=". | ed:continuations(.)"/>
    <xsl:element name="{if ($whole//(tei:list | tei:table | tei:lg | tei:figure | tei:floatingText | tei:sp)
                          or $whole//(tei:cit | tei:quote)[ed:is-block(.)]) then 'div' else 'p'}">
      <xsl:attribute name="class" select="string-join(('tei-' || local-name(),
        (if (@prev) then 'continued' else ()), (if (ed:continuation(.)) then 'joined'
         else if (@next) then 'continues' else ())), ' ')"/>
      <xsl:attribute name="id" select="(@xml:id, ed:slug(.) || '-' || local-name() || '-' || generate-id())[1]"/>
      <xsl:apply-templates/>
      <xsl:call-template name="ed:continuation"><xsl:with-param name="join-class" select="'tei-p-join'"/></xsl:call-template>
    </xsl:element>
  </xsl:template>

  <!-- Where they stand, the continuation and the page break before it are already shown. -->
  <xsl:template match="tei:p[ed:is-continuation(.)] | tei:ab[ed:is-continuation(.)]" priority="3"/>
  <xsl:template match="tei:pb[ed:in-join(.)] | tei:fw[ed:in-join(.)]" priority="3">
    <xsl:param name="ed:joining" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:if test="$ed:joining"><xsl:next-match/></xsl:if>
  </xsl:template>

  <!-- Block-like elements: a p where they stand as blocks, a span inside running text. -->
  <xsl:template match="tei:dateline | tei:byline | tei:docAuthor | tei:salute | tei:signed | tei:trailer
                       | tei:docDate | tei:docImprint | tei:docTitle | tei:titlePart | tei:label[not(parent::tei:list)]
                       | tei:bibl[@type='source']">
    <xsl:element name="{if (ed:is-block(.) and not(parent::tei:note)) then 'p' else 'span'}">
      <xsl:attribute name="class" select="'tei-' || local-name() || @type ! (' ' || local-name(..) || '-' || .)"/>
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A work's source line printed after its closer (note[@type='source'], where TEI allows no
       bibl): shown as the other works' source lines, not as a note. -->
  <xsl:template match="tei:note[@type='source']" priority="2">
    <div class="tei-note-source">
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- Lists: ul/ol, or ARIA lists when page breaks stand between the items (ul may hold only li). -->
  <xsl:template match="tei:list">
    <xsl:variable name="aria" select="exists(tei:pb | tei:fw | tei:head | tei:label | tei:note | tei:milestone | tei:cb)"/>
    <xsl:variable name="name" select="if ($aria) then 'div' else if (@type = ('ordered', 'numbered')) then 'ol' else 'ul'"/>
    <xsl:element name="{$name}">
      <xsl:attribute name="class" select="string-join(('tei-list', @type ! ('list-' || .), @rend ! ('rend-' || .)), ' ')"/>
      <xsl:if test="$aria"><xsl:attribute name="role" select="'list'"/></xsl:if>
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates>
        <xsl:with-param name="w:aria-list" select="$aria" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:item">
    <xsl:param name="w:aria-list" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:element name="{if ($w:aria-list) then 'div' else 'li'}">
      <xsl:if test="$w:aria-list"><xsl:attribute name="role" select="'listitem'"/></xsl:if>
      <xsl:attribute name="class" select="'tei-item'"/>
      <xsl:call-template name="ed:id"/>
      <xsl:if test="preceding-sibling::*[1][self::tei:label]">
        <span class="tei-label"><xsl:apply-templates select="preceding-sibling::*[1]/node()"/></span>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A label is rendered inside the item it labels. -->
  <xsl:template match="tei:list/tei:label[following-sibling::*[1][self::tei:item]]" priority="1"/>

  <xsl:template match="tei:list/tei:head | tei:list/tei:label">
    <xsl:param name="w:aria-list" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:element name="{if ($w:aria-list) then 'div' else 'li'}">
      <xsl:attribute name="class" select="'tei-' || local-name()"/>
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:table">
    <table class="tei-table">
      <xsl:call-template name="ed:id"/>
      <xsl:if test="tei:head"><caption><xsl:apply-templates select="tei:head/node()"/></caption></xsl:if>
      <tbody><xsl:apply-templates select="tei:row"/></tbody>
    </table>
    <xsl:apply-templates select="* except (tei:head, tei:row)"/>
  </xsl:template>

  <xsl:template match="tei:row">
    <tr><xsl:apply-templates select="tei:cell"/></tr>
  </xsl:template>

  <xsl:template match="tei:cell">
    <xsl:element name="{if (@role='label' or ../@role='label') then 'th' else 'td'}">
      <xsl:if test="@cols"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:lg">
    <div class="tei-lg"><xsl:call-template name="ed:id"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:l">
    <p class="tei-l"><xsl:call-template name="ed:id"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:figure">
    <figure class="tei-figure"><xsl:call-template name="ed:id"/><xsl:apply-templates/></figure>
  </xsl:template>

  <xsl:template match="tei:figDesc">
    <figcaption><xsl:apply-templates/></figcaption>
  </xsl:template>

  <!-- Images are not part of this edition: the graphic's description stands for it. -->
  <xsl:template match="tei:graphic">
    <span class="tei-graphic">[figure]</span>
  </xsl:template>

  <xsl:template match="tei:anchor">
    <span class="tei-anchor"><xsl:call-template name="ed:id"/></span>
  </xsl:template>

  <xsl:template match="tei:milestone | tei:cb">
    <span class="tei-{local-name()}" data-n="{@n}"/>
  </xsl:template>

  <xsl:template match="tei:ref[not(@type='noteCall')] | tei:ptr">
    <xsl:variable name="t" select="normalize-space(@target)"/>
    <xsl:choose>
      <xsl:when test="starts-with($t, '#')">
        <xsl:variable name="target" select="id(substring($t, 2))"/>
        <xsl:choose>
          <xsl:when test="$target">
            <a class="tei-ref" href="{w:page-of($target)}{$t}"><xsl:apply-templates/><xsl:if test="self::tei:ptr">{$t}</xsl:if></a>
          </xsl:when>
          <xsl:otherwise><span class="tei-ref"><xsl:apply-templates/></span></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><span class="tei-ref" data-target="{$t}"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Stand-off links carry no reading text. -->
  <xsl:template match="tei:link | tei:linkGrp"/>

</xsl:stylesheet>
