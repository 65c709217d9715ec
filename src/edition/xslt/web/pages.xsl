<?xml version="1.0" encoding="UTF-8"?>
<!--
  Which HTML page a TEI node is on, the page shell (landmarks, navigation, downloads), and the
  pages of one text. A text with works (div[@type='work']) gets a volume page (<slug>.html: front
  matter, table of contents, page list), one page per work and one per back division; any other
  text is one page <slug>.html.
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

  <!-- ===== page units ===== -->

  <!-- The divisions of a document that get a page of their own (keys: computed once per document):
       the works of a volume and its back divisions; a work longer than $w:split-chars (the text of
       a page must stay light, under 200 KB of HTML) gets a page per headed division (chapter), and
       its own page keeps its heading, what stands outside the chapters and a list of them. -->
  <xsl:param name="w:split-chars" as="xs:integer" select="90000"/>
  <xsl:key name="w:works" match="tei:div[@type='work'][not(ancestor::tei:div[@type='work'])]" use="'work'"/>
  <xsl:key name="w:back-divs" match="tei:back/tei:div" use="'back'"/>
  <!-- A division split into chapter pages: a long work, or in a text without works the outermost
       division with two or more headed divisions. -->
  <xsl:key name="w:split-works" use="'split'"
    match="tei:div[@type='work'][not(ancestor::tei:div[@type='work'])][count(tei:div[tei:head]) ge 2]
           [string-length(.) gt $w:split-chars]
         | tei:body[not(.//tei:div[@type='work'])]//tei:div[count(tei:div[tei:head]) ge 2]
           [not(ancestor::tei:div[count(tei:div[tei:head]) ge 2])][string-length(.) gt $w:split-chars]"/>

  <xsl:function name="w:units" as="element(tei:div)*">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="works" select="key('w:works', 'work', root($doc))"/>
    <xsl:variable name="chapters" select="key('w:split-works', 'split', root($doc))/tei:div[tei:head]"/>
    <xsl:sequence select="if ($works) then ($works | $chapters | key('w:back-divs', 'back', root($doc))) else $chapters"/>
  </xsl:function>

  <xsl:function name="w:is-chapter" as="xs:boolean">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="exists($div/self::tei:div[tei:head]/parent::tei:div intersect key('w:split-works', 'split', root($div)))"/>
  </xsl:function>

  <xsl:function name="w:is-unit" as="xs:boolean">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="(exists(key('w:works', 'work', root($div)))
      and ($div/self::tei:div[@type='work'][not(ancestor::tei:div[@type='work'])] or $div/parent::tei:back))
      or w:is-chapter($div)"/>
  </xsl:function>

  <xsl:function name="w:unit-file" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:sequence select="if (w:is-chapter($div))
      then concat(if (w:is-unit($div/parent::tei:div)) then substring-before(w:unit-file($div/parent::tei:div), '.html') else ed:slug($div),
                  '-', count($div/preceding-sibling::tei:div[tei:head]) + 1, '.html')
      else concat(if ($div/@xml:id) then string($div/@xml:id)
      else concat(ed:slug($div), '-', ($div/@type, 'div')[1], '-',
                  count($div/preceding::tei:div[@type = $div/@type]) + 1), '.html')"/>
  </xsl:function>

  <!-- The page file a node is on. A pb standing just before a unit belongs to that unit. -->
  <xsl:function name="w:page-of" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <!-- the innermost unit (a chapter before its work) -->
    <xsl:variable name="unit" select="($node/self::tei:pb/w:unit-after(.), reverse($node/ancestor-or-self::tei:div[w:is-unit(.)]))[1]"/>
    <xsl:sequence select="if ($unit) then w:unit-file($unit) else concat(ed:slug($node), '.html')"/>
  </xsl:function>

  <xsl:function name="w:unit-after" as="element(tei:div)?">
    <xsl:param name="pb" as="element(tei:pb)"/>
    <xsl:sequence select="$pb/following-sibling::node()[not(self::text()[not(normalize-space())]
      or self::tei:fw or self::tei:pb)][1][self::tei:div[w:is-unit(.)]]"/>
  </xsl:function>

  <!-- A unit's title for the contents, <title>, previous/next links: its heading's plain text
       (ed:plain: no note calls, no notes), title-cased when the source prints it in capitals. -->
  <xsl:function name="w:unit-title" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:variable name="own" select="ed:title-case(ed:plain(($div/tei:head[not(@type='sub')])[1]))
      => w:or(concat('[', ($div/@type, 'division')[1], ' ', ($div/@n, '')[1], ']'))"/>
    <xsl:sequence select="if (not(w:is-chapter($div))) then $own
      else (if (w:is-unit($div/parent::tei:div)) then w:unit-title($div/parent::tei:div) else ed:title-case(w:doc-title($div))) || ': ' || $own"/>
  </xsl:function>

  <xsl:function name="w:or" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:sequence select="if (normalize-space($s)) then $s else normalize-space($fallback)"/>
  </xsl:function>

  <!-- The title of a document (header). -->
  <xsl:function name="w:doc-title" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="ts" select="root($doc)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="normalize-space(($ts/tei:title[@type='main'], $ts/tei:title)[1])"/>
  </xsl:function>

  <!-- A short label for references: "Works, Volume 6: 1924, p. 29". -->
  <xsl:function name="w:page-label" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="pb" select="$node/preceding::tei:pb[@n][1]"/>
    <xsl:sequence select="concat(w:doc-title($node), if ($pb) then concat(', p. ', $pb/@n) else '')"/>
  </xsl:function>

  <!-- ===== hooks of the common stylesheets ===== -->

  <xsl:function name="ed:entity-href" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="'register-' || replace($key, '[^A-Za-z0-9_-]', '') || '.html'"/>
  </xsl:function>

  <xsl:function name="ed:date-href" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="iso" select="ed:date-start($date)"/>
    <xsl:sequence select="
      if ($iso = '') then ''
      else if ($iso = $w:chronology-days) then concat('chronology.html#d', $iso)
      else if (substring($iso, 1, 4) = $w:chronology-years) then concat('chronology.html#y', substring($iso, 1, 4))
      else ''"/>
  </xsl:function>

  <!-- ===== the page shell ===== -->

  <xsl:template name="w:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="content" as="item()*"/>
    <xsl:param name="body-class" as="xs:string" select="''"/>
    <xsl:param name="tei-slug" as="xs:string?" select="()"/>
    <xsl:param name="lang" as="xs:string" select="'en'"/>
    <xsl:param name="file" as="xs:string" select="''"/>
    <xsl:param name="head-extra" as="item()*" select="()"/>
    <xsl:param name="pdf-dest" as="xs:string?" select="()"/>
    <xsl:param name="depth" as="xs:string" select="''"/>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title>{$title} — {$w:edition-title}</title>
        <xsl:if test="$base-url != '' and $file != ''"><link rel="canonical" href="{$base-url}{$file}"/></xsl:if>
        <!-- No favicon: an empty data URI keeps the browser from asking the server for one. -->
        <link rel="icon" href="data:,"/>
        <link rel="stylesheet" href="{$depth}assets/edition.css"/>
        <script src="{$depth}assets/edition.js" defer=""></script>
        <xsl:sequence select="$head-extra"/>
      </head>
      <body class="{$body-class}">
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <p class="site-title"><a href="{$depth}index.html">{$w:edition-title}</a></p>
          <nav class="site-nav" aria-label="Edition">
            <ul>
              <li><a href="{$depth}index.html">Home</a></li>
              <li><a href="{$depth}register.html">Register</a></li>
              <li><a href="{$depth}chronology.html">Chronology</a></li>
              <li><a href="{$depth}about.html">About</a></li>
              <li><a href="{$depth}search.html">Search</a></li>
            </ul>
          </nav>
          <form class="site-search" action="{$depth}search.html" method="get" role="search">
            <label for="site-search-q" class="visually-hidden">Search the edition</label>
            <input id="site-search-q" type="search" name="q" placeholder="Search the edition"/>
            <button type="submit">Search</button>
          </form>
        </header>
        <main id="main">
          <xsl:sequence select="$content"/>
        </main>
        <footer class="site-footer">
          <xsl:if test="exists($tei-slug)">
            <p class="downloads">Download: <a href="{$depth}tei/{$tei-slug}.xml" download="">TEI XML</a><xsl:if
              test="$tei-slug = $pdf-slugs"> · <a class="pdf-link" href="{$depth}pdf/{$tei-slug}.pdf{$pdf-dest[. != ''] ! ('#nameddest=' || .)}">PDF<xsl:if
              test="$pdf-dest[. != '']"> (at this text)</xsl:if></a></xsl:if></p>
          </xsl:if>
          <p>{$w:edition-title}, version {$edition-version} ({$build-date}). {$w:licence}</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:variable name="w:edition-title" as="xs:string"
    select="w:or(normalize-space(substring-before(string(($edition//tei:projectDesc/tei:p)[1]), ':')),
                 'Digital Edition')"/>
  <xsl:variable name="w:licence" as="xs:string"
    select="normalize-space(($edition//tei:licence)[1])"/>
  <xsl:variable name="w:editors" as="xs:string"
    select="normalize-space(($edition//tei:titleStmt/tei:respStmt[@xml:id='editors']/(tei:orgName, tei:name, tei:persName))[1])"/>
  <xsl:variable name="w:publisher" as="xs:string"
    select="normalize-space(($edition//tei:publicationStmt/tei:publisher)[1])"/>

  <!-- ===== citation: what a page (a text, a work) is, for "Cite this" and reference managers ===== -->

  <!-- The printed pages a unit (or a whole text) spans: (first, last), empty when unpaged. -->
  <xsl:function name="w:page-range" as="xs:string*">
    <xsl:param name="scope" as="node()"/>
    <xsl:variable name="first" select="($scope/descendant::node()[not(self::text()[not(normalize-space())])][1][self::tei:pb[@n]],
                                        $scope/preceding::tei:pb[@n][1], $scope//tei:pb[@n])[1]"/>
    <xsl:variable name="last" select="($scope//tei:pb[@n][not(ancestor::tei:note)])[last()]"/>
    <xsl:sequence select="if ($first) then (string($first/@n), string(($last, $first)[1]/@n)) else ()"/>
  </xsl:function>

  <!-- The citation data of a page, as a map: one source for the meta tags and the Cite-this block. -->
  <xsl:function name="w:citation" as="map(*)">
    <xsl:param name="scope" as="node()"/>
    <xsl:param name="file" as="xs:string"/>
    <xsl:variable name="h" select="root($scope)/tei:TEI/tei:teiHeader"/>
    <xsl:variable name="unit" select="$scope/self::tei:div"/>
    <xsl:variable name="issued" select="(($unit/ancestor-or-self::tei:div[@type='work'][1] ! w:unit-date(.)), ($h/tei:profileDesc/tei:creation/tei:date ! ed:date-start(.)))[. != ''][1]"/>
    <xsl:sequence select="map{
      'authors': array{ $h/tei:fileDesc/tei:titleStmt/tei:author/normalize-space()[. != ''] },
      'title': if ($unit) then w:unit-title($unit) else w:doc-title($scope),
      'container': if ($unit) then w:doc-title($scope) else '',
      'pages': string-join(distinct-values(w:page-range($scope)), '–'),
      'issued': string(($issued, '')[1]),
      'source': normalize-space(string-join(($h/tei:fileDesc/tei:sourceDesc/tei:bibl)[1]/(* except (tei:idno, tei:note)) ! normalize-space(), ', ')),
      'edition': $w:edition-title, 'editor': $w:editors, 'publisher': $w:publisher,
      'version': $edition-version, 'date': $build-date,
      'url': if ($base-url != '') then $base-url || $file else '',
      'file': $file, 'lang': string((root($scope)/tei:TEI/@xml:lang, 'en')[1]),
      'pdf': if (ed:slug($scope) = $pdf-slugs and $base-url != '') then $base-url || 'pdf/' || ed:slug($scope) || '.pdf' else ''
    }"/>
  </xsl:function>

  <!-- The date of a work: its dateline, heading or source line. -->
  <xsl:function name="w:unit-date" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:variable name="d" select="($div/tei:dateline//tei:date, $div/tei:head//tei:date, ($div/tei:bibl, $div/tei:note[@type='source']/tei:bibl)//tei:date,
                                    $div/tei:closer//tei:date)[ed:date-start(.) != ''][1]"/>
    <xsl:sequence select="string(($d ! ed:date-start(.), '')[1])"/>
  </xsl:function>

  <!-- Highwire Press meta tags (read by Zotero, Mendeley, Google Scholar). -->
  <xsl:function name="w:citation-meta" as="element()*">
    <xsl:param name="c" as="map(*)"/>
    <meta name="citation_title" content="{$c?title}"/>
    <xsl:for-each select="$c?authors?*"><meta name="citation_author" content="{.}"/></xsl:for-each>
    <xsl:if test="$c?issued != ''"><meta name="citation_publication_date" content="{translate($c?issued, '-', '/')}"/></xsl:if>
    <meta name="citation_online_date" content="{translate($c?date, '-', '/')}"/>
    <xsl:if test="$c?container != ''"><meta name="citation_inbook_title" content="{$c?container}"/></xsl:if>
    <xsl:if test="$c?pages != ''">
      <meta name="citation_firstpage" content="{tokenize($c?pages, '–')[1]}"/>
      <meta name="citation_lastpage" content="{tokenize($c?pages, '–')[last()]}"/>
    </xsl:if>
    <meta name="citation_publisher" content="{$c?publisher}"/>
    <meta name="citation_series_title" content="{$c?edition}"/>
    <meta name="citation_language" content="{$c?lang}"/>
    <xsl:if test="$c?url != ''"><meta name="citation_public_url" content="{$c?url}"/></xsl:if>
    <xsl:if test="$c?pdf != ''"><meta name="citation_pdf_url" content="{$c?pdf}"/></xsl:if>
  </xsl:function>

  <!-- "Cite this": the page's citation in plain text (works without JavaScript); edition.js adds
       BibTeX and CSL-JSON from the same data and re-targets it at a paragraph (its permalink). -->
  <xsl:template name="w:cite-this">
    <xsl:param name="c" as="map(*)"/>
    <section class="cite-this" id="cite" aria-labelledby="cite-heading" data-pagefind-ignore=""
             data-citation="{serialize($c, map{'method': 'json'})}">
      <h2 id="cite-heading">Cite this</h2>
      <p class="cite-permalink">Permalink: <a href="{$c?file}">{if ($c?url != '') then $c?url else $c?file}</a></p>
      <p class="cite-target">This page<xsl:if test="$c?pages != ''"> (printed pp. {$c?pages})</xsl:if>:</p>
      <p class="cite-plain">{string-join($c?authors?*, ', ')}, “{$c?title}”<xsl:if test="$c?container != ''">, in {$c?container}</xsl:if><xsl:if
        test="$c?pages != ''">, {if (contains($c?pages, '–')) then 'pp.' else 'p.'} {$c?pages}</xsl:if>. {$c?edition}, ed. {$c?editor}, version {$c?version} ({$c?date})<xsl:if
        test="$c?url != ''">, {$c?url}</xsl:if>.</p>
    </section>
  </xsl:template>

  <!-- ===== the pages of one text ===== -->

  <xsl:template name="w:text-pages">
    <xsl:variable name="doc" select="."/>
    <xsl:variable name="slug" select="ed:slug(.)"/>
    <xsl:variable name="units" select="w:units(.)"/>
    <xsl:variable name="lang" select="string((tei:TEI/@xml:lang, 'en')[1])"/>
    <xsl:variable name="cite" select="w:citation(., $slug || '.html')"/>
    <xsl:result-document href="{$slug}.html" format="page">
      <xsl:call-template name="w:page">
        <xsl:with-param name="title" select="w:doc-title(.)"/>
        <xsl:with-param name="tei-slug" select="$slug"/>
        <xsl:with-param name="lang" select="$lang"/>
        <xsl:with-param name="file" select="$slug || '.html'"/>
        <xsl:with-param name="head-extra" select="w:citation-meta($cite)"/>
        <xsl:with-param name="body-class" select="'text-page'"/>
        <xsl:with-param name="content">
          <article class="text" data-pagefind-body="">
            <xsl:sequence select="w:search-meta(., ())"/>
            <xsl:call-template name="w:text-header"/>
            <xsl:call-template name="w:reading-controls"/>
            <xsl:if test="$units">
              <xsl:call-template name="w:volume-toc"/>
            </xsl:if>
            <div class="text-body">
              <xsl:apply-templates select="tei:TEI/tei:text"/>
            </div>
            <xsl:call-template name="w:note-list">
              <xsl:with-param name="scope" select="tei:TEI/tei:text"/>
            </xsl:call-template>
          </article>
          <xsl:if test="$units">
            <xsl:call-template name="w:page-index"/>
          </xsl:if>
          <xsl:call-template name="w:cite-this"><xsl:with-param name="c" select="$cite"/></xsl:call-template>
          <p class="back-to-top"><a href="#main">Back to top</a></p>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
    <xsl:for-each select="$units">
      <xsl:variable name="i" select="position()"/>
      <xsl:variable name="file" select="w:unit-file(.)"/>
      <xsl:variable name="cite" select="w:citation(., $file)"/>
      <xsl:variable name="unit" select="."/>
      <xsl:result-document href="{$file}" format="page">
        <xsl:call-template name="w:page">
          <xsl:with-param name="title" select="w:unit-title(.)"/>
          <xsl:with-param name="tei-slug" select="$slug"/>
          <xsl:with-param name="lang" select="$lang"/>
          <xsl:with-param name="file" select="$file"/>
          <xsl:with-param name="pdf-dest" select="string((ancestor-or-self::tei:div[w:is-unit(.)][1]/@xml:id, '')[1])"/>
          <xsl:with-param name="head-extra" select="w:citation-meta($cite)"/>
          <xsl:with-param name="body-class" select="'text-page unit-page'"/>
          <xsl:with-param name="content">
            <xsl:call-template name="w:unit-nav">
              <xsl:with-param name="units" select="$units"/>
              <xsl:with-param name="i" select="$i"/>
              <xsl:with-param name="slug" select="$slug"/>
              <xsl:with-param name="where" select="'top'"/>
            </xsl:call-template>
            <div class="unit-layout">
              <article class="text" data-pagefind-body="">
                <xsl:sequence select="w:search-meta(., .)"/>
                <xsl:call-template name="w:reading-controls"/>
                <div class="text-body">
                  <!-- The page this unit starts on, when its pb stands just before it. -->
                  <xsl:variable name="unit" select="."/>
                  <xsl:apply-templates select="preceding-sibling::tei:pb[w:unit-after(.) is $unit]
                    | preceding-sibling::tei:fw[preceding-sibling::tei:pb[1][w:unit-after(.) is $unit]]">
                    <xsl:with-param name="w:on-unit-page" select="true()" tunnel="yes"/>
                  </xsl:apply-templates>
                  <xsl:apply-templates select=".">
                    <xsl:with-param name="w:on-unit-page" select="true()" tunnel="yes"/>
                  </xsl:apply-templates>
                </div>
                <xsl:call-template name="w:note-list">
                  <xsl:with-param name="scope" select="."/>
                </xsl:call-template>
              </article>
              <xsl:call-template name="w:unit-contents"/>
            </div>
            <xsl:call-template name="w:unit-nav">
              <xsl:with-param name="units" select="$units"/>
              <xsl:with-param name="i" select="$i"/>
              <xsl:with-param name="slug" select="$slug"/>
              <xsl:with-param name="where" select="'bottom'"/>
            </xsl:call-template>
            <xsl:call-template name="w:cite-this"><xsl:with-param name="c" select="$cite"/></xsl:call-template>
            <p class="back-to-top"><a href="#main">Back to top</a></p>
            <details class="volume-toc-details">
              <summary>Contents of the volume</summary>
              <xsl:call-template name="w:volume-toc">
                <xsl:with-param name="current" select="."/>
              </xsl:call-template>
            </details>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <!-- Previous / next unit of the volume (at the top and the bottom of a unit page). -->
  <xsl:template name="w:unit-nav">
    <xsl:param name="units" as="element()*"/>
    <xsl:param name="i" as="xs:integer"/>
    <xsl:param name="slug" as="xs:string"/>
    <xsl:param name="where" as="xs:string"/>
    <nav class="unit-nav" aria-label="Volume ({$where})" data-pagefind-ignore="">
      <p><a href="{$slug}.html">{w:doc-title(.)}</a></p>
      <ul>
        <xsl:if test="$i gt 1">
          <li><a rel="prev" href="{w:unit-file($units[$i - 1])}">Previous: {w:unit-title($units[$i - 1])}</a></li>
        </xsl:if>
        <xsl:if test="$i lt count($units)">
          <li><a rel="next" href="{w:unit-file($units[$i + 1])}">Next: {w:unit-title($units[$i + 1])}</a></li>
        </xsl:if>
      </ul>
    </nav>
  </xsl:template>

  <!-- A work's contents beside its text: its chapters (pages of their own or sections here). -->
  <xsl:template name="w:unit-contents">
    <xsl:variable name="work" select="if (w:is-chapter(.)) then parent::tei:div else (ancestor-or-self::tei:div[@type='work'])[1]"/>
    <xsl:variable name="parts" select="$work/tei:div[tei:head[not(@type='sub')]]"/>
    <xsl:if test="count($parts) ge 2">
      <nav class="unit-contents" aria-label="Contents of this work" data-pagefind-ignore="">
        <h2>Contents of this work</h2>
        <ol>
          <xsl:for-each select="$parts">
            <xsl:variable name="href" select="if (w:is-unit(.)) then w:unit-file(.)
              else w:page-of(.) || '#' || w:section-id(.)"/>
            <li><a href="{$href}">
              <xsl:if test="w:is-unit(.) and w:page-of(.) = w:page-of(current())"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
              {ed:title-case(ed:plain((tei:head[not(@type='sub')])[1]))}</a></li>
          </xsl:for-each>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- The HTML id of a division: its xml:id, else one derived from its heading's. -->
  <xsl:function name="w:section-id" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:sequence select="string(($div/@xml:id, ($div/tei:head[@xml:id])[1]/@xml:id, 'sec-' || generate-id($div))[1])"/>
  </xsl:function>

  <!-- Search metadata and filters (pagefind): work, year, persons mentioned, speakers. -->
  <xsl:function name="w:search-meta" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="unit" as="element()?"/>
    <xsl:variable name="scope" select="($unit, root($doc)/tei:TEI/tei:text)[1]"/>
    <xsl:variable name="year" select="substring(((($unit/ancestor-or-self::tei:div[@type='work'][1] ! w:unit-date(.)), (root($doc)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date ! ed:date-start(.)))[. != ''])[1], 1, 4)"/>
    <xsl:variable name="title" select="if ($unit) then w:unit-title($unit) else w:doc-title($doc)"/>
    <xsl:variable name="persons" select="distinct-values($scope//tei:persName/@ref ! ed:entity-key(.))"/>
    <xsl:variable name="speakers" select="distinct-values($scope//tei:sp/@who ! tokenize(normalize-space(.), ' ') ! ed:entity-key(.))"/>
    <!-- Empty elements inside the indexed body: pagefind reads "key:value" from the attributes. -->
    <span data-pagefind-meta="title:{$title}"></span>
    <span data-pagefind-filter="work:{$title}"></span>
    <xsl:if test="$year != ''"><span data-pagefind-filter="year:{$year}"></span></xsl:if>
    <xsl:for-each select="$persons"><span data-pagefind-filter="person:{ed:entity-name(.)}"></span></xsl:for-each>
    <xsl:for-each select="$speakers"><span data-pagefind-filter="speaker:{ed:entity-name(.)}"></span></xsl:for-each>
  </xsl:function>

  <xsl:template name="w:text-header">
    <xsl:variable name="h" select="tei:TEI/tei:teiHeader"/>
    <header class="text-header">
      <h1>{w:doc-title(.)}</h1>
      <p class="text-meta">
        <xsl:value-of select="string-join($h/tei:fileDesc/tei:titleStmt/tei:author/normalize-space(), '; ')"/>
        <xsl:for-each select="$h/tei:profileDesc/tei:creation/tei:date[1]">
          <xsl:text> · </xsl:text>
          <xsl:call-template name="w:header-date"/>
        </xsl:for-each>
      </p>
      <xsl:for-each select="$h/tei:fileDesc/tei:sourceDesc/tei:bibl[1]">
        <p class="text-source">Source: <xsl:apply-templates select="node() except (tei:idno, tei:note)" mode="w:header-bibl"/></p>
      </xsl:for-each>
    </header>
  </xsl:template>

  <!-- A header date: ISO content ("1926-01-25") is shown as words, other content as written. -->
  <xsl:template name="w:header-date">
    <time datetime="{ed:date-start(.)}">
      <xsl:value-of select="if (matches(normalize-space(.), '^\d{4}-\d{2}')) then ed:date-label(.) else normalize-space(.)"/>
    </time>
  </xsl:template>

  <!-- A source description: its parts separated by commas. -->
  <xsl:template match="*" mode="w:header-bibl">
    <xsl:if test="preceding-sibling::*"><xsl:text>, </xsl:text></xsl:if>
    <xsl:value-of select="normalize-space(.)"/>
  </xsl:template>
  <xsl:template match="text()" mode="w:header-bibl"/>

  <!-- The reading views: checkboxes the CSS reads with :has(), so they work without JavaScript;
       edition.js remembers them from page to page. -->
  <xsl:template name="w:reading-controls">
    <div class="reading-controls" data-pagefind-ignore="">
      <span class="control"><input type="checkbox" id="diplomatic-toggle" class="diplomatic-toggle"/>
        <label for="diplomatic-toggle">Diplomatic view (source readings, line ends, page furniture)</label></span>
      <span class="control"><input type="checkbox" id="layer-toggle" class="layer-toggle"/>
        <label for="layer-toggle">Show editorial layer (who annotated what, and how certain)</label></span>
      <xsl:call-template name="w:layer-legend"/>
    </div>
  </xsl:template>

  <xsl:template name="w:volume-toc">
    <xsl:param name="current" as="element()?" select="()"/>
    <nav class="volume-toc" aria-label="Table of contents" data-pagefind-ignore="">
      <h2>Contents</h2>
      <ol>
        <xsl:for-each select="w:units(.)">
          <li>
            <xsl:if test="w:is-chapter(.)"><xsl:attribute name="class" select="'toc-chapter'"/></xsl:if>
            <a href="{w:unit-file(.)}">
              <xsl:if test=". is $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
              <!-- a chapter under its work: its own heading -->
              <xsl:value-of select="if (w:is-chapter(.)) then ed:title-case(ed:plain((tei:head[not(@type='sub')])[1])) else w:unit-title(.)"/>
            </a>
            <!-- The page a unit starts on: a pb opening it, else the last pb before it. -->
            <xsl:variable name="first-pb" select="(descendant::node()[not(self::text()[not(normalize-space())])][1][self::tei:pb[@n]],
                                                   preceding::tei:pb[@n][1])[1]"/>
            <xsl:if test="$first-pb"><span class="toc-page"> p. {$first-pb/@n}</span></xsl:if>
          </li>
        </xsl:for-each>
      </ol>
    </nav>
  </xsl:template>

  <!-- Every printed page of a volume, linked to its anchor: "Works 6, p. 29" has a URL. -->
  <xsl:template name="w:page-index">
    <nav class="page-index" aria-label="Printed pages" data-pagefind-ignore="">
      <h2>Printed pages</h2>
      <ul>
        <xsl:for-each select="//tei:text//tei:pb[@n][w:is-first-anchor(.)]">
          <li><a href="{w:page-of(.)}#{ed:page-anchor(.)}">{@n}</a></li>
        </xsl:for-each>
      </ul>
    </nav>
  </xsl:template>
</xsl:stylesheet>
