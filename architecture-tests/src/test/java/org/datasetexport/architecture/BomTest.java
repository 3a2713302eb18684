package org.datasetexport.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.junit.jupiter.api.Test;

/**
 * datasetexport-bom pins the SDK's artifacts and nothing else (so it never overrides a platform's
 * versions), and the build's parent manages the same list of our artifacts.
 */
class BomTest {
    private static List<String> managed(Path pom, boolean ours) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Element management = (Element) doc.getDocumentElement().getElementsByTagName("dependencyManagement").item(0);
        NodeList deps = management.getElementsByTagName("dependency");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String group = d.getElementsByTagName("groupId").item(0).getTextContent();
            boolean testJar = d.getElementsByTagName("type").getLength() > 0
                    && d.getElementsByTagName("type").item(0).getTextContent().equals("test-jar");
            if (group.equals("org.datasetexport") == ours && !testJar) {
                out.add(group + ":" + d.getElementsByTagName("artifactId").item(0).getTextContent());
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void theBomPinsOurArtifactsOnly_andTheParentManagesTheSameOnes() throws Exception {
        Path bom = Path.of("../bom/pom.xml");
        assertThat(managed(bom, false)).as("third-party entries in datasetexport-bom").isEmpty();
        assertThat(managed(bom, true)).contains("org.datasetexport:export-core", "org.datasetexport:export-spring-boot-starter")
                .isEqualTo(managed(Path.of("../pom.xml"), true));
        assertThat(managed(Path.of("../dependencies/pom.xml"), true)).as("datasetexport-dependencies holds third parties only")
                .isEmpty();
    }
}
